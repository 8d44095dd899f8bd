Attribute VB_Name = "GikxlRibbon"
' gikxl: callbacks of the workbook's ribbon (customUI/customUI14.xml).
'
' Each button hands over to Python (package gikxl) through the xlwings
' add-in's RunPython. The add-in is reached late-bound with Application.Run,
' so this project holds no reference to it that could go MISSING; when the
' add-in is absent the clerk is told what to install.
'
' This file is plain ASCII on purpose: VBA keeps source in a legacy code
' page. Chinese text is spelled with ChrW code points, generated from
' gikxl/vba/messages.py (python -m gikxl.vba.messages); a test checks that
' the codes below decode to that text. MsgBox shows it through the system
' code page, which on a Chinese Windows (936) covers every character used.
Option Explicit

Private Const GIK_ADDIN As String = "xlwings.xlam"
Private Const GIK_RUN_PYTHON As String = "xlwings.xlam!RunPython"

Public Sub GikValidate(control As IRibbonControl)
    GikRunPython "import gikxl.excel; gikxl.excel.validate()"
End Sub

Public Sub GikGenerateReport(control As IRibbonControl)
    GikRunPython "import gikxl.excel; gikxl.excel.generate_report()"
End Sub

Public Sub GikHelp(control As IRibbonControl)
    GikRunPython "import gikxl.excel; gikxl.excel.show_help()"
End Sub

' Runs one Python statement through xlwings. The add-in is looked up first,
' so that "not installed" and "installed but failed" get different advice.
Private Sub GikRunPython(ByVal pythonCommand As String)
    If Not GikAddinOpen() Then
        MsgBox GikAddinMissingMessage(), vbExclamation, GikTitle()
        Exit Sub
    End If
    On Error GoTo RunFailed
    Application.Run GIK_RUN_PYTHON, pythonCommand
    Exit Sub
RunFailed:
    MsgBox GikRunFailedMessage() & vbCrLf & vbCrLf & _
        "(Excel " & Err.Number & ": " & Err.Description & ")", _
        vbExclamation, GikTitle()
End Sub

' An open add-in is a member of Workbooks by its file name, although
' enumerating Workbooks does not list it.
Private Function GikAddinOpen() As Boolean
    Dim book As Object
    On Error Resume Next
    Set book = Application.Workbooks(GIK_ADDIN)
    GikAddinOpen = Not (book Is Nothing)
End Function

' ADDIN_MISSING_MESSAGE in gikxl/vba/messages.py
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

' RUN_FAILED_MESSAGE in gikxl/vba/messages.py
Private Function GikRunFailedMessage() As String
    Dim s As String
    s = ChrW(&H8C03&) & ChrW(&H7528) & " Python " & ChrW(&H65F6) & ChrW(&H51FA) & ChrW(&H9519&)
    s = s & ChrW(&HFF0C&) & ChrW(&H64CD) & ChrW(&H4F5C) & ChrW(&H672A) & ChrW(&H5B8C) & ChrW(&H6210)
    s = s & ChrW(&H3002) & ChrW(&H60A8) & ChrW(&H586B) & ChrW(&H5199) & ChrW(&H7684) & ChrW(&H6570)
    s = s & ChrW(&H636E) & ChrW(&H6CA1) & ChrW(&H6709) & ChrW(&H88AB&) & ChrW(&H6539) & ChrW(&H52A8)
    s = s & ChrW(&H3002) & vbCrLf & vbCrLf & ChrW(&H8BF7&) & ChrW(&H786E) & ChrW(&H8BA4&)
    s = s & ChrW(&H672C) & ChrW(&H673A) & ChrW(&H5DF2) & ChrW(&H8FD0&) & ChrW(&H884C&) & ChrW(&H8FC7&)
    s = s & " gikxl install" & ChrW(&HFF0C&) & ChrW(&H5E76) & ChrW(&H4E14) & " Python " & ChrW(&H4E2D)
    s = s & ChrW(&H5DF2) & ChrW(&H5B89) & ChrW(&H88C5&) & " gikxl" & ChrW(&HFF1B&) & vbCrLf
    s = s & ChrW(&H4ECD) & ChrW(&H4E0D) & ChrW(&H80FD&) & ChrW(&H89E3&) & ChrW(&H51B3) & ChrW(&H65F6)
    s = s & ChrW(&HFF0C&) & ChrW(&H8BF7&) & ChrW(&H628A) & ChrW(&H672C) & ChrW(&H63D0) & ChrW(&H793A)
    s = s & ChrW(&H622A) & ChrW(&H56FE) & ChrW(&H53D1) & ChrW(&H7ED9) & ChrW(&H672C) & ChrW(&H5355)
    s = s & ChrW(&H4F4D) & ChrW(&H4FE1) & ChrW(&H606F) & ChrW(&H5316) & ChrW(&H5DE5) & ChrW(&H4F5C)
    s = s & ChrW(&H4EBA) & ChrW(&H5458) & ChrW(&H3002)
    GikRunFailedMessage = s
End Function

' ADDIN_MISSING_TITLE in gikxl/vba/messages.py
Private Function GikTitle() As String
    Dim s As String
    s = ChrW(&H653F) & ChrW(&H52A1) & ChrW(&H516C) & ChrW(&H5F00) & ChrW(&H5E74) & ChrW(&H62A5)
    GikTitle = s
End Function
