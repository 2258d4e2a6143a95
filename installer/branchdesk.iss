; Inno Setup script for the Windows installer of 团支部工作台 (BranchDesk).
; Build the program folder first (python scripts\build_and_smoke.py), then, from the repository
; root:  iscc /DAppVersion=0.1.0 installer\branchdesk.iss
; Output: dist\BranchDesk-<version>-setup.exe. Needs Inno Setup 6.4 or later (its official
; Simplified Chinese messages, compiler:Languages\ChineseSimplified.isl).
;
; Installs for the current user by default (no administrator rights needed; the dialog offers
; all users), adds Start-menu entries and an optional desktop icon. Uninstalling removes the
; program only: the data in %APPDATA%\BranchDesk (database, backups, settings) is kept unless
; the user ticks yes when asked.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "团支部工作台"
#define AppExe "BranchDesk.exe"

[Setup]
AppId={{6A3E2C1B-7F2D-4C8E-9B14-2D5B8E0C7A41}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=BranchDesk
DefaultDirName={autopf}\BranchDesk
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\dist
OutputBaseFilename=BranchDesk-{#AppVersion}-setup
SetupIconFile=..\resources\icons\branchdesk.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=no
LicenseFile=..\resources\THIRD-PARTY.txt

[Languages]
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[CustomMessages]
chinesesimplified.DesktopIcon=在桌面上创建快捷方式
chinesesimplified.RunNow=立即打开团支部工作台
chinesesimplified.UninstallEntry=卸载团支部工作台
chinesesimplified.DeleteData=是否同时删除团支部工作台的数据？%n%n数据文件夹：%1%n（数据库、自动备份、设置和错误日志）%n%n选择“否”将保留数据，重新安装后仍可使用。删除后无法恢复。

[Tasks]
Name: "desktopicon"; Description: "{cm:DesktopIcon}"; Flags: unchecked

[Files]
Source: "..\dist\BranchDesk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{group}\{cm:UninstallEntry}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:RunNow}"; Flags: nowait postinstall skipifsilent

[Code]
function DataFolder(): String;
begin
  Result := ExpandConstant('{userappdata}\BranchDesk');
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  { The data is kept unless the user asks, and never asked in a silent uninstall. }
  if (CurUninstallStep = usPostUninstall) and (not UninstallSilent) and DirExists(DataFolder()) then
  begin
    if MsgBox(FmtMessage(CustomMessage('DeleteData'), [DataFolder()]),
              mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES then
      DelTree(DataFolder(), True, True, True);
  end;
end;
