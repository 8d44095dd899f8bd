"""gikxl: the 政府信息公开工作年度报告 as an Excel-native workflow.

Importing the package is cheap on purpose: the command line and the Excel
entry points import what they need when they need it.
"""

__version__ = "0.1.0"
