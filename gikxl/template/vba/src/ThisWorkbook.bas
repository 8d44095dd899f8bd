' gikxl: code-behind of the workbook (appended to the ThisWorkbook module).
'
' The template carries no cached formula results, so Excel calculates the
' totals while it opens the file and then counts the workbook as changed:
' closing an untouched workbook would ask "save changes?". Nothing the clerk
' typed exists yet when Workbook_Open runs, so it is safe to say "saved".
Private Sub Workbook_Open()
    Me.Saved = True
End Sub
