Attribute VB_Name = "GikxlRibbon"
' gikxl: callbacks of the workbook's ribbon (customUI/customUI14.xml).
'
' Each button hands over to Python (package gikxl) through the xlwings
' add-in's RunPython. The add-in is reached late-bound with Application.Run,
' so this project holds no reference to it that could go MISSING.
'
' RunPython does not raise when Python fails: it shows its own English
' window and returns -1, or, when the interpreter it is set to start does
' not exist, says "Could not find Interpreter!" and returns 0 as if all
' went well. So before the call the interpreter is looked up through the
' add-in's own GetConfig (the setting RunPython will use), and after it
' the return value is read; each break ends in Chinese advice that names
' the next step (gikxl doctor).
'
' This file is plain ASCII on purpose: VBA keeps source in a legacy code
' page. Chinese text is spelled with ChrW code points, generated from
' gikxl/template/vba/messages.py (python -m gikxl.template.vba.messages);
' a test checks that the codes below decode to that text. MsgBox converts
' its text to the system code page: on a Windows whose code page has no
' Chinese, a short English line is shown instead of question marks.
Option Explicit

#If VBA7 Then
Private Declare PtrSafe Function GetACP Lib "kernel32" () As Long
#Else
Private Declare Function GetACP Lib "kernel32" () As Long
#End If

Private Const GIK_ADDIN As String = "xlwings.xlam"
Private Const GIK_RUN_PYTHON As String = "xlwings.xlam!RunPython"
Private Const GIK_GET_CONFIG As String = "xlwings.xlam!GetConfig"
' RunPython's return value when Python ran and failed (after xlwings' own window).
Private Const GIK_PYTHON_FAILED As Long = -1

Public Sub GikValidate(control As IRibbonControl)
    GikRunPython "import gikxl.excel; gikxl.excel.validate()"
End Sub

Public Sub GikGenerateReport(control As IRibbonControl)
    GikRunPython "import gikxl.excel; gikxl.excel.generate_report()"
End Sub

' The clerk picks last year's workbook or published report; Python reads it.
' The path travels inside a cmd.exe command line (RunPython without the UDF
' server), where a quote, "&" or "%" in a folder name would break or change
' it, so it is passed as the hex of its UTF-16 code units, which survives
' any quoting; Python decodes it back to the same string.
Public Sub GikImportPrevious(control As IRibbonControl)
    Dim picked As Variant
    picked = Application.GetOpenFilename(GikImportFilter(), 1, GikImportTitle())
    If VarType(picked) = vbBoolean Then Exit Sub  ' the clerk cancelled
    If Not GikUsablePath(CStr(picked)) Then
        GikSay GikBadPathMessage(), _
            "The file path contains characters that cannot be used. Please rename the file.", vbExclamation
        Exit Sub
    End If
    Dim statement As String  ' not "command": that is VBA's Command() function
    statement = GikImportCommand(CStr(picked))
    GikRunPython statement
End Sub

Public Sub GikHelp(control As IRibbonControl)
    GikRunPython "import gikxl.excel; gikxl.excel.show_help()"
End Sub

' Runs one Python statement through xlwings. The add-in and the interpreter
' are looked up first, so that "not installed", "Python missing" and
' "Python failed" each get their own advice.
Private Sub GikRunPython(ByVal pythonCommand As String)
    Dim result As Variant
    Dim interpreter As String
    If Not GikAddinOpen() Then
        GikSay GikAddinMissingMessage(), _
            "The xlwings add-in is not loaded in Excel. Please run: gikxl install", vbExclamation
        Exit Sub
    End If
    interpreter = GikMissingInterpreter()
    If Len(interpreter) > 0 Then
        GikSay GikInterpreterMissingMessage() & interpreter, _
            "The Python that xlwings is set to start was not found. Please run: gikxl doctor" & _
            vbCrLf & interpreter, vbExclamation
        Exit Sub
    End If
    On Error GoTo RunFailed
    result = Application.Run(GIK_RUN_PYTHON, pythonCommand)
    On Error GoTo 0
    If GikIsNumber(result) Then
        If result = GIK_PYTHON_FAILED Then
            GikSay GikPythonFailedMessage(), _
                "Python started but could not run gikxl; nothing was changed. Please run: gikxl doctor", _
                vbExclamation
        End If
    End If
    Exit Sub
RunFailed:
    ' Raised, not returned: e.g. the UDF server's xlwings64-<version>.dll
    ' of another xlwings version than the add-in's.
    GikSay GikRunFailedMessage() & vbCrLf & vbCrLf & "(Excel " & Err.Number & ": " & Err.Description & ")", _
        "Calling Python failed; nothing was changed. Please run: gikxl doctor" & vbCrLf & _
        "(Excel " & Err.Number & ": " & Err.Description & ")", vbExclamation
End Sub

' An open add-in is a member of Workbooks by its file name, although
' enumerating Workbooks does not list it.
Private Function GikAddinOpen() As Boolean
    Dim book As Object
    On Error Resume Next
    Set book = Application.Workbooks(GIK_ADDIN)
    GikAddinOpen = Not (book Is Nothing)
End Function

' The interpreter RunPython would start when that file does not exist, else
' "". Read with the add-in's own GetConfig (workbook sheet, folder and user
' xlwings.conf, in its order). A conda setting or a bare "python" is left
' to xlwings; so is any failure to ask (an add-in without GetConfig).
Private Function GikMissingInterpreter() As String
    Dim interpreter As String
    On Error GoTo Unknown
    If Len(CStr(Application.Run(GIK_GET_CONFIG, "CONDA PATH"))) > 0 Then Exit Function
    interpreter = CStr(Application.Run(GIK_GET_CONFIG, "INTERPRETER_WIN"))
    If Len(interpreter) = 0 Then interpreter = CStr(Application.Run(GIK_GET_CONFIG, "INTERPRETER", "python"))
    If interpreter = "python" Or interpreter = "pythonw" Then Exit Function
    If Not CreateObject("Scripting.FileSystemObject").FileExists(interpreter) Then
        GikMissingInterpreter = interpreter
    End If
Unknown:
End Function

Private Function GikIsNumber(ByVal value As Variant) As Boolean
    Select Case VarType(value)
        Case vbInteger, vbLong, vbDouble, vbSingle
            GikIsNumber = True
    End Select
End Function

' A path Windows could have produced: no quote and no control character.
Private Function GikUsablePath(ByVal path As String) As Boolean
    Dim i As Long
    If Len(path) = 0 Then Exit Function
    For i = 1 To Len(path)
        Select Case AscW(Mid$(path, i, 1))
            Case 0 To 31, 34, 127
                Exit Function
        End Select
    Next i
    GikUsablePath = True
End Function

' Four hex digits per UTF-16 code unit, high byte first (Python: utf-16-be).
Private Function GikHexUtf16(ByVal text As String) As String
    Dim i As Long
    Dim out As String
    For i = 1 To Len(text)
        out = out & Right$("000" & Hex$(AscW(Mid$(text, i, 1)) And &HFFFF&), 4)
    Next i
    GikHexUtf16 = out
End Function

' The Python statement that imports the file at path (see GikImportPrevious).
Private Function GikImportCommand(ByVal path As String) As String
    Dim encoded As String
    encoded = GikHexUtf16(path)
    GikImportCommand = "import gikxl.excel; gikxl.excel.import_previous(bytes.fromhex('" & encoded & "').decode('utf-16-be'))"
End Function

' MsgBox shows text through the system code page: Chinese where that code
' page has it (936 GBK, 950 Big5, 54936 GB18030, 65001 UTF-8), English
' elsewhere. If the code page cannot be asked, Chinese is assumed.
Private Sub GikSay(ByVal chinese As String, ByVal english As String, ByVal style As VbMsgBoxStyle)
    If GikChineseCodePage() Then
        MsgBox chinese, style, GikTitle()
    Else
        MsgBox english, style, "gikxl"
    End If
End Sub

Private Function GikChineseCodePage() As Boolean
    GikChineseCodePage = True
    On Error GoTo Unknown
    Select Case GetACP()
        Case 936, 950, 54936, 65001
        Case Else
            GikChineseCodePage = False
    End Select
Unknown:
End Function

' GikAddinMissingMessage: gikxl/template/vba/messages.py
Private Function GikAddinMissingMessage() As String
    Dim s As String
    s = ChrW(&H65E0) & ChrW(&H6CD5) & ChrW(&H8FD0&) & ChrW(&H884C&) & " Python" & ChrW(&HFF1A&)
    s = s & "Excel " & ChrW(&H4E2D) & ChrW(&H6CA1) & ChrW(&H6709) & ChrW(&H627E) & ChrW(&H5230)
    s = s & " xlwings " & ChrW(&H52A0) & ChrW(&H8F7D&) & ChrW(&H9879&) & ChrW(&H3002) & vbCrLf
    s = s & vbCrLf & ChrW(&H8BF7&) & ChrW(&H6309) & ChrW(&H4EE5) & ChrW(&H4E0B) & ChrW(&H6B65)
    s = s & ChrW(&H9AA4&) & ChrW(&H5904) & ChrW(&H7406) & ChrW(&HFF1A&) & vbCrLf & "1. "
    s = s & ChrW(&H5B89) & ChrW(&H88C5&) & " Python " & ChrW(&H548C) & " gikxl" & ChrW(&HFF1B&)
    s = s & vbCrLf & "2. " & ChrW(&H6253) & ChrW(&H5F00) & ChrW(&H201C) & ChrW(&H547D)
    s = s & ChrW(&H4EE4) & ChrW(&H63D0) & ChrW(&H793A) & ChrW(&H7B26) & ChrW(&H201D) & ChrW(&HFF0C&)
    s = s & ChrW(&H8FD0&) & ChrW(&H884C&) & ChrW(&HFF1A&) & "gikxl install" & vbCrLf & "   "
    s = s & ChrW(&HFF08&) & ChrW(&H4E5F) & ChrW(&H53EF) & ChrW(&H4EE5) & ChrW(&H8FD0&) & ChrW(&H884C&)
    s = s & " xlwings addin install " & ChrW(&H5B89) & ChrW(&H88C5&) & " xlwings " & ChrW(&H52A0) & ChrW(&H8F7D&)
    s = s & ChrW(&H9879&) & ChrW(&HFF09&) & ChrW(&HFF1B&) & vbCrLf & "3. " & ChrW(&H5173)
    s = s & ChrW(&H95ED&) & ChrW(&H5E76) & ChrW(&H91CD&) & ChrW(&H65B0) & ChrW(&H6253) & ChrW(&H5F00)
    s = s & " Excel" & ChrW(&HFF0C&) & ChrW(&H518D) & ChrW(&H70B9) & ChrW(&H4E00) & ChrW(&H6B21)
    s = s & ChrW(&H6309) & ChrW(&H94AE&) & ChrW(&H3002) & vbCrLf & vbCrLf & ChrW(&H5982)
    s = s & ChrW(&H9700&) & ChrW(&H5E2E) & ChrW(&H52A9) & ChrW(&HFF0C&) & ChrW(&H8BF7&) & ChrW(&H8054&)
    s = s & ChrW(&H7CFB) & ChrW(&H672C) & ChrW(&H5355) & ChrW(&H4F4D) & ChrW(&H4FE1) & ChrW(&H606F)
    s = s & ChrW(&H5316) & ChrW(&H5DE5) & ChrW(&H4F5C) & ChrW(&H4EBA) & ChrW(&H5458) & ChrW(&H3002)
    GikAddinMissingMessage = s
End Function

' GikRunFailedMessage: gikxl/template/vba/messages.py
Private Function GikRunFailedMessage() As String
    Dim s As String
    s = ChrW(&H8C03&) & ChrW(&H7528) & " Python " & ChrW(&H65F6) & ChrW(&H51FA) & ChrW(&H9519&)
    s = s & ChrW(&HFF0C&) & ChrW(&H64CD) & ChrW(&H4F5C) & ChrW(&H672A) & ChrW(&H5B8C) & ChrW(&H6210)
    s = s & ChrW(&H3002) & ChrW(&H60A8) & ChrW(&H586B) & ChrW(&H5199) & ChrW(&H7684) & ChrW(&H6570)
    s = s & ChrW(&H636E) & ChrW(&H6CA1) & ChrW(&H6709) & ChrW(&H88AB&) & ChrW(&H6539) & ChrW(&H52A8)
    s = s & ChrW(&H3002) & vbCrLf & vbCrLf & ChrW(&H8BF7&) & ChrW(&H6253) & ChrW(&H5F00)
    s = s & ChrW(&H201C) & ChrW(&H547D) & ChrW(&H4EE4) & ChrW(&H63D0) & ChrW(&H793A) & ChrW(&H7B26)
    s = s & ChrW(&H201D) & ChrW(&H8FD0&) & ChrW(&H884C&) & " gikxl doctor" & ChrW(&HFF0C&) & ChrW(&H6309)
    s = s & ChrW(&H5B83) & ChrW(&H7684) & ChrW(&H63D0) & ChrW(&H793A) & ChrW(&H5904) & ChrW(&H7406)
    s = s & ChrW(&HFF1B&) & vbCrLf & ChrW(&H4ECD) & ChrW(&H4E0D) & ChrW(&H80FD&) & ChrW(&H89E3&)
    s = s & ChrW(&H51B3) & ChrW(&H65F6) & ChrW(&HFF0C&) & ChrW(&H8BF7&) & ChrW(&H628A) & ChrW(&H672C)
    s = s & ChrW(&H63D0) & ChrW(&H793A) & ChrW(&H622A) & ChrW(&H56FE) & ChrW(&H53D1) & ChrW(&H7ED9)
    s = s & ChrW(&H672C) & ChrW(&H5355) & ChrW(&H4F4D) & ChrW(&H4FE1) & ChrW(&H606F) & ChrW(&H5316)
    s = s & ChrW(&H5DE5) & ChrW(&H4F5C) & ChrW(&H4EBA) & ChrW(&H5458) & ChrW(&H3002)
    GikRunFailedMessage = s
End Function

' GikInterpreterMissingMessage: gikxl/template/vba/messages.py
Private Function GikInterpreterMissingMessage() As String
    Dim s As String
    s = ChrW(&H627E) & ChrW(&H4E0D) & ChrW(&H5230) & " xlwings " & ChrW(&H8BBE&) & ChrW(&H7F6E)
    s = s & ChrW(&H8981&) & ChrW(&H542F) & ChrW(&H52A8) & ChrW(&H7684) & " Python" & ChrW(&HFF0C&)
    s = s & ChrW(&H64CD) & ChrW(&H4F5C) & ChrW(&H672A) & ChrW(&H5B8C) & ChrW(&H6210) & ChrW(&H3002)
    s = s & ChrW(&H60A8) & ChrW(&H586B) & ChrW(&H5199) & ChrW(&H7684) & ChrW(&H6570) & ChrW(&H636E)
    s = s & ChrW(&H6CA1) & ChrW(&H6709) & ChrW(&H88AB&) & ChrW(&H6539) & ChrW(&H52A8) & ChrW(&H3002)
    s = s & vbCrLf & vbCrLf & ChrW(&H53EF) & ChrW(&H80FD&) & ChrW(&H662F) & " Python "
    s = s & ChrW(&H88AB&) & ChrW(&H5378) & ChrW(&H8F7D&) & ChrW(&H3001) & ChrW(&H5347) & ChrW(&H7EA7)
    s = s & ChrW(&H6216) & ChrW(&H79FB) & ChrW(&H52A8) & ChrW(&H4E86) & ChrW(&H4F4D) & ChrW(&H7F6E)
    s = s & ChrW(&H3002) & ChrW(&H8BF7&) & ChrW(&H6253) & ChrW(&H5F00) & ChrW(&H201C) & ChrW(&H547D)
    s = s & ChrW(&H4EE4) & ChrW(&H63D0) & ChrW(&H793A) & ChrW(&H7B26) & ChrW(&H201D) & ChrW(&H8FD0&)
    s = s & ChrW(&H884C&) & " gikxl doctor " & ChrW(&H68C0) & ChrW(&H67E5) & ChrW(&HFF0C&) & vbCrLf
    s = s & ChrW(&H518D) & ChrW(&H8FD0&) & ChrW(&H884C&) & " gikxl install " & ChrW(&H91CD&) & ChrW(&H65B0)
    s = s & ChrW(&H8BBE&) & ChrW(&H7F6E) & ChrW(&HFF1B&) & ChrW(&H4ECD) & ChrW(&H4E0D) & ChrW(&H80FD&)
    s = s & ChrW(&H89E3&) & ChrW(&H51B3) & ChrW(&H65F6) & ChrW(&HFF0C&) & ChrW(&H8BF7&) & ChrW(&H628A)
    s = s & ChrW(&H672C) & ChrW(&H63D0) & ChrW(&H793A) & ChrW(&H622A) & ChrW(&H56FE) & ChrW(&H53D1)
    s = s & ChrW(&H7ED9) & ChrW(&H672C) & ChrW(&H5355) & ChrW(&H4F4D) & ChrW(&H4FE1) & ChrW(&H606F)
    s = s & ChrW(&H5316) & ChrW(&H5DE5) & ChrW(&H4F5C) & ChrW(&H4EBA) & ChrW(&H5458) & ChrW(&H3002)
    s = s & vbCrLf & vbCrLf & ChrW(&H8BBE&) & ChrW(&H7F6E) & ChrW(&H4E2D) & ChrW(&H7684)
    s = s & " Python" & ChrW(&HFF1A&)
    GikInterpreterMissingMessage = s
End Function

' GikPythonFailedMessage: gikxl/template/vba/messages.py
Private Function GikPythonFailedMessage() As String
    Dim s As String
    s = "Python " & ChrW(&H5DF2) & ChrW(&H542F) & ChrW(&H52A8) & ChrW(&HFF0C&) & ChrW(&H4F46)
    s = s & ChrW(&H6CA1) & ChrW(&H80FD&) & ChrW(&H8FD0&) & ChrW(&H884C&) & " gikxl" & ChrW(&HFF0C&)
    s = s & ChrW(&H64CD) & ChrW(&H4F5C) & ChrW(&H672A) & ChrW(&H5B8C) & ChrW(&H6210) & ChrW(&H3002)
    s = s & ChrW(&H60A8) & ChrW(&H586B) & ChrW(&H5199) & ChrW(&H7684) & ChrW(&H6570) & ChrW(&H636E)
    s = s & ChrW(&H6CA1) & ChrW(&H6709) & ChrW(&H88AB&) & ChrW(&H6539) & ChrW(&H52A8) & ChrW(&H3002)
    s = s & vbCrLf & ChrW(&HFF08&) & ChrW(&H524D) & ChrW(&H4E00) & ChrW(&H4E2A) & ChrW(&H82F1&)
    s = s & ChrW(&H6587) & ChrW(&H7A97) & ChrW(&H53E3) & ChrW(&H662F) & " xlwings " & ChrW(&H663E)
    s = s & ChrW(&H793A) & ChrW(&H7684) & ChrW(&H51FA) & ChrW(&H9519&) & ChrW(&H8BE6&) & ChrW(&H60C5)
    s = s & ChrW(&H3002) & ChrW(&HFF09&) & vbCrLf & vbCrLf & ChrW(&H5E38) & ChrW(&H89C1&)
    s = s & ChrW(&H539F) & ChrW(&H56E0) & ChrW(&HFF1A&) & "xlwings " & ChrW(&H542F) & ChrW(&H52A8)
    s = s & ChrW(&H7684) & " Python " & ChrW(&H4E2D) & ChrW(&H6CA1) & ChrW(&H6709) & ChrW(&H5B89)
    s = s & ChrW(&H88C5&) & " gikxl" & ChrW(&HFF0C&) & ChrW(&H6216) & ChrW(&H5B89) & ChrW(&H88C5&)
    s = s & ChrW(&H4E0D) & ChrW(&H5B8C) & ChrW(&H6574) & ChrW(&H3002) & vbCrLf & ChrW(&H8BF7&)
    s = s & ChrW(&H6253) & ChrW(&H5F00) & ChrW(&H201C) & ChrW(&H547D) & ChrW(&H4EE4) & ChrW(&H63D0)
    s = s & ChrW(&H793A) & ChrW(&H7B26) & ChrW(&H201D) & ChrW(&H8FD0&) & ChrW(&H884C&) & " gikxl doctor"
    s = s & ChrW(&HFF0C&) & ChrW(&H6309) & ChrW(&H5B83) & ChrW(&H7684) & ChrW(&H63D0) & ChrW(&H793A)
    s = s & ChrW(&H5904) & ChrW(&H7406) & ChrW(&HFF1B&) & vbCrLf & ChrW(&H4ECD) & ChrW(&H4E0D)
    s = s & ChrW(&H80FD&) & ChrW(&H89E3&) & ChrW(&H51B3) & ChrW(&H65F6) & ChrW(&HFF0C&) & ChrW(&H8BF7&)
    s = s & ChrW(&H628A) & ChrW(&H672C) & ChrW(&H63D0) & ChrW(&H793A) & ChrW(&H548C) & ChrW(&H524D)
    s = s & ChrW(&H4E00) & ChrW(&H4E2A) & ChrW(&H7A97) & ChrW(&H53E3) & ChrW(&H622A) & ChrW(&H56FE)
    s = s & ChrW(&H53D1) & ChrW(&H7ED9) & ChrW(&H672C) & ChrW(&H5355) & ChrW(&H4F4D) & ChrW(&H4FE1)
    s = s & ChrW(&H606F) & ChrW(&H5316) & ChrW(&H5DE5) & ChrW(&H4F5C) & ChrW(&H4EBA) & ChrW(&H5458)
    s = s & ChrW(&H3002)
    GikPythonFailedMessage = s
End Function

' GikBadPathMessage: gikxl/template/vba/messages.py
Private Function GikBadPathMessage() As String
    Dim s As String
    s = ChrW(&H6240) & ChrW(&H9009&) & ChrW(&H6587) & ChrW(&H4EF6) & ChrW(&H7684) & ChrW(&H8DEF&)
    s = s & ChrW(&H5F84) & ChrW(&H4E2D) & ChrW(&H542B) & ChrW(&H6709) & ChrW(&H4E0D) & ChrW(&H80FD&)
    s = s & ChrW(&H4F7F) & ChrW(&H7528) & ChrW(&H7684) & ChrW(&H5B57) & ChrW(&H7B26) & ChrW(&HFF08&)
    s = s & ChrW(&H5F15) & ChrW(&H53F7) & ChrW(&H6216) & ChrW(&H63A7) & ChrW(&H5236) & ChrW(&H5B57)
    s = s & ChrW(&H7B26) & ChrW(&HFF09&) & ChrW(&HFF0C&) & ChrW(&H8BF7&) & ChrW(&H628A) & ChrW(&H6587)
    s = s & ChrW(&H4EF6) & ChrW(&H6539) & ChrW(&H540D) & ChrW(&H6216) & ChrW(&H6362) & ChrW(&H4E00)
    s = s & ChrW(&H4E2A) & ChrW(&H6587) & ChrW(&H4EF6) & ChrW(&H5939) & ChrW(&H540E) & ChrW(&H518D)
    s = s & ChrW(&H8BD5&) & ChrW(&H3002)
    GikBadPathMessage = s
End Function

' GikImportTitle: gikxl/template/vba/messages.py
Private Function GikImportTitle() As String
    Dim s As String
    s = ChrW(&H9009&) & ChrW(&H62E9) & ChrW(&H4E0A) & ChrW(&H4E00) & ChrW(&H5E74) & ChrW(&H7684)
    s = s & ChrW(&H5E74) & ChrW(&H62A5) & ChrW(&H5DE5) & ChrW(&H4F5C) & ChrW(&H7C3F) & ChrW(&H6216)
    s = s & ChrW(&H5DF2) & ChrW(&H53D1) & ChrW(&H5E03) & ChrW(&H7684) & ChrW(&H5E74) & ChrW(&H5EA6)
    s = s & ChrW(&H62A5) & ChrW(&H544A)
    GikImportTitle = s
End Function

' GikImportFilter: gikxl/template/vba/messages.py
Private Function GikImportFilter() As String
    Dim s As String
    s = ChrW(&H5E74) & ChrW(&H62A5) & ChrW(&H5DE5) & ChrW(&H4F5C) & ChrW(&H7C3F) & " (*.xlsm;*.xlsx),*.xlsm;*.xlsx,"
    s = s & ChrW(&H5DF2) & ChrW(&H53D1) & ChrW(&H5E03) & ChrW(&H7684) & ChrW(&H5E74) & ChrW(&H5EA6)
    s = s & ChrW(&H62A5) & ChrW(&H544A) & " (*.docx;*.pdf;*.html;*.htm;*.txt),*.docx;*.pdf;*.html;*.htm;*.txt"
    GikImportFilter = s
End Function

' GikTitle: gikxl/template/vba/messages.py
Private Function GikTitle() As String
    Dim s As String
    s = ChrW(&H653F) & ChrW(&H52A1) & ChrW(&H516C) & ChrW(&H5F00) & ChrW(&H5E74) & ChrW(&H62A5)
    GikTitle = s
End Function
