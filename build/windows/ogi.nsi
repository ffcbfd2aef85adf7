; Per-user Windows installer for OGI Register (政府信息公开申请登记簿). Built on Linux by
; build/build_windows.sh with Debian's NSIS:
;   makensis -DVERSION=0.1.0 -DVERSION4=0.1.0.0 -DSRC=dist/windows/ogi -DICON=resources/icon.ico \
;            -DOUTFILE=dist/windows/OGIRegister-0.1.0-setup.exe build/windows/ogi.nsi
; - No administrator rights: installs into %LOCALAPPDATA%\Programs\OGIRegister, registers itself
;   under HKCU (Settings → 应用和功能 lists it), shortcuts for the current user only.
; - The register, its backups and settings live in %APPDATA%\OGIRegister (desktop/store/location.py):
;   neither an upgrade nor the uninstaller ever touches that folder.
; - An upgrade installs over the old version and first removes the old _internal folder, so no
;   library of the previous version stays behind.
; - Silent: `setup.exe /S` (the installer test), `Uninstall.exe /S`.
; Keep this file UTF-8 with a BOM (makensis on Windows needs the BOM to read the Chinese names).
Unicode true
; A 64-bit installer: the program is x64 only (Qt 6), and a 32-bit stub would not even start under the
; 64-bit-only Wine the test uses.
Target amd64-unicode
ManifestDPIAware true
RequestExecutionLevel user
SetCompressor /SOLID lzma

!include "MUI2.nsh"
!include "FileFunc.nsh"

!ifndef VERSION
  !error "define VERSION, VERSION4, SRC, ICON and OUTFILE (makensis -D…, see the top of this file)"
!endif
!ifndef VERSION4
  !error "define VERSION, VERSION4, SRC, ICON and OUTFILE (makensis -D…, see the top of this file)"
!endif
!ifndef SRC
  !error "define VERSION, VERSION4, SRC, ICON and OUTFILE (makensis -D…, see the top of this file)"
!endif
!ifndef ICON
  !error "define VERSION, VERSION4, SRC, ICON and OUTFILE (makensis -D…, see the top of this file)"
!endif
!ifndef OUTFILE
  !error "define VERSION, VERSION4, SRC, ICON and OUTFILE (makensis -D…, see the top of this file)"
!endif
!define APPNAME "政府信息公开申请登记簿"
!define APPKEY "OGIRegister"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APPKEY}"

Name "${APPNAME}"
Caption "${APPNAME} ${VERSION} 安装"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APPKEY}"
InstallDirRegKey HKCU "${UNINST_KEY}" "InstallLocation"
BrandingText "${APPNAME} ${VERSION}"

VIProductVersion "${VERSION4}"
VIFileVersion "${VERSION4}"
VIAddVersionKey /LANG=2052 "ProductName" "${APPNAME}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "FileDescription" "${APPNAME} 安装程序"
VIAddVersionKey /LANG=2052 "CompanyName" "OGI Register"
VIAddVersionKey /LANG=2052 "LegalCopyright" "OGI Register"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\ogiw.exe"
!define MUI_FINISHPAGE_RUN_TEXT "启动${APPNAME}"
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"

; The data folder is not a place for the program: uninstalling would then sit next to the register.
Function .onVerifyInstDir
  StrCmp "$INSTDIR" "$APPDATA\${APPKEY}" 0 +2
    Abort
FunctionEnd

Section "Install"
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  ; Upgrade: the previous version's libraries go first, so none of them is left behind.
  RMDir /r "$INSTDIR\_internal"
  File "${SRC}/ogi.exe"
  File "${SRC}/ogiw.exe"
  File /r "${SRC}/_internal"
  WriteUninstaller "$INSTDIR\Uninstall.exe"

  ; ogiw.exe: the window without a console; its icon is in the executable.
  CreateShortcut "$SMPROGRAMS\${APPNAME}.lnk" "$INSTDIR\ogiw.exe" "" "$INSTDIR\ogiw.exe" 0
  CreateShortcut "$DESKTOP\${APPNAME}.lnk" "$INSTDIR\ogiw.exe" "" "$INSTDIR\ogiw.exe" 0

  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${APPNAME}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "OGI Register"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\ogiw.exe,0"
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\Uninstall.exe"'
  WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\Uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINST_KEY}" "EstimatedSize" $0
SectionEnd

Section "Uninstall"
  SetShellVarContext current
  Delete "$SMPROGRAMS\${APPNAME}.lnk"
  Delete "$DESKTOP\${APPNAME}.lnk"
  Delete "$INSTDIR\ogi.exe"
  Delete "$INSTDIR\ogiw.exe"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\Uninstall.exe"
  ; Not /r: anything else a user put in the folder stays. %APPDATA%\OGIRegister is never named here.
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINST_KEY}"
SectionEnd
