#Requires -Version 7.2
# liblitellm build script for Windows: the PowerShell mirror of build.sh. It runs on Linux
# and macOS too (./build.sh test runs it there under pwsh, so it cannot rot unnoticed).
#
#   ./build.ps1          restore, build, publish into artifacts/, then run the C demo
#                        against a loopback stub server (no LiteLLM proxy needed)
#   ./build.ps1 test     build everything, then run the managed tests and the native
#                        host tests (bash only: they run when bash is on PATH)
#   ./build.ps1 clean    remove artifacts/ and every bin/ and obj/
#
# Environment: CONFIGURATION (default Release); LITELLM_ARTIFACTS, the output tree (default
# artifacts/; ./build.sh test points it at artifacts/pwsh/ to keep its own tree apart).
# Needs: the .NET SDK 10 or later. On Windows: the Visual Studio C++ build tools (NativeAOT
# links with them); cl.exe (a Developer PowerShell for VS) or clang (LLVM) for the C demo,
# and lib.exe or llvm-lib to make the import library. On Linux and macOS: a C compiler (cc).
# This script installs nothing. The static library, the CMake package files and the release
# archives come from build.sh (docs/building.md).

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
# Exit codes of native commands are checked by hand ($LASTEXITCODE), never turned into errors.
# (7.2 is the floor because from 7.2 on, redirecting a native command's stderr into a log
# no longer produces errors that 'Stop' would act on.)
$PSNativeCommandUseErrorActionPreference = $false

$Root = $PSScriptRoot
$Configuration = if ($env:CONFIGURATION) { $env:CONFIGURATION } else { 'Release' }
$Artifacts = if ($env:LITELLM_ARTIFACTS) { [System.IO.Path]::GetFullPath($env:LITELLM_ARTIFACTS, $Root) } else { Join-Path $Root 'artifacts' }
$Logs = Join-Path $Artifacts 'logs'
$Tree = [System.IO.Path]::GetRelativePath($Root, $Artifacts).Replace('\', '/')  # for messages and bash

function Say([string]$Text)  { Write-Host "==> $Text" }
function Note([string]$Text) { Write-Host "    $Text" }
function Die([string]$Text)  { [Console]::Error.WriteLine("build.ps1: error: $Text"); exit 1 }
function Show-Log([string]$Path) { Get-Content -LiteralPath $Path | ForEach-Object { [Console]::Error.WriteLine($_) } }

# ---------------------------------------------------------------------------
# Prerequisites: check only. Unlike build.sh on Debian, nothing is installed here.
# ---------------------------------------------------------------------------
$script:CC = $null       # path of cl.exe or clang.exe
$script:CcKind = $null   # 'cl' or 'clang' (Windows), 'cc' (Linux, macOS)
$script:LibTool = $null  # path of lib.exe or llvm-lib.exe (makes litellm.lib)

function Assert-Tools {
    if (-not (Get-Command dotnet -ErrorAction SilentlyContinue)) {
        Die 'the .NET SDK (10 or later) is required: https://dot.net (dotnet not on PATH)'
    }
    $sdk = "$(& dotnet --version 2>$null)".Trim()
    $major = 0
    if ($LASTEXITCODE -eq 0 -and $sdk -match '^(\d+)\.') { $major = [int]$Matches[1] }
    if ($major -lt 10) { Die "the .NET SDK 10 or later is required (found '$sdk')" }

    if (-not $IsWindows) {
        # NativeAOT links through the C compiler, which also builds the demo.
        $cc = Get-Command cc -ErrorAction SilentlyContinue
        if (-not $cc) { Die 'a C compiler (cc) is required: on Debian and Ubuntu, ./build.sh installs one' }
        $script:CC = $cc.Source; $script:CcKind = 'cc'
        return
    }

    # The C compiler builds the demo (and, under bash, the native host tests). NativeAOT
    # itself finds the Visual Studio linker on its own.
    $cl = Get-Command cl.exe -ErrorAction SilentlyContinue
    $clang = Get-Command clang.exe -ErrorAction SilentlyContinue
    if ($cl) { $script:CC = $cl.Source; $script:CcKind = 'cl' }
    elseif ($clang) { $script:CC = $clang.Source; $script:CcKind = 'clang' }
    else {
        Die ("a C compiler is required: run this from a 'Developer PowerShell for VS' (cl.exe), " +
             'or install LLVM and put clang on PATH')
    }

    # lib.exe comes with cl.exe in a Developer PowerShell; llvm-lib.exe with LLVM, next to clang.
    $lib = Get-Command lib.exe -ErrorAction SilentlyContinue
    if (-not $lib) { $lib = Get-Command llvm-lib.exe -ErrorAction SilentlyContinue }
    if ($lib) { $script:LibTool = $lib.Source }
    elseif ($clang -and (Test-Path -LiteralPath (Join-Path (Split-Path $clang.Source) 'llvm-lib.exe'))) {
        $script:LibTool = Join-Path (Split-Path $clang.Source) 'llvm-lib.exe'
    }
    else {
        Die ("lib.exe (a 'Developer PowerShell for VS') or llvm-lib.exe (LLVM) is required " +
             'to make artifacts/lib/litellm.lib')
    }
}

$script:Rid = $null
$script:Machine = $null  # for lib /machine:
# The library's file names: what NativeAOT writes (AotLib), the file installed (LibFile: on
# Linux and macOS named by its soname / install name, which carries the major version), and
# the name hosts link with (LinkName: a symbolic link to LibFile, or litellm.lib on Windows).
$script:AotLib = $null; $script:LibFile = $null; $script:LinkName = $null
$script:CliFile = $null
function Resolve-Rid {
    $arch = [System.Runtime.InteropServices.RuntimeInformation]::OSArchitecture.ToString()
    $os = if ($IsWindows) { 'win' } elseif ($IsMacOS) { 'osx' } elseif ($IsLinux) { 'linux' } else { Die 'unsupported OS' }
    switch ($arch) {
        'X64'   { $script:Rid = "$os-x64";   $script:Machine = 'x64' }
        'Arm64' { $script:Rid = "$os-arm64"; $script:Machine = 'arm64' }
        default { Die "unsupported CPU $arch" }
    }
    $major = (Get-LibVersion).Split('.')[0]
    switch ($os) {
        'win'   { $script:AotLib = 'LiteLlmNative.dll';   $script:LibFile = 'litellm.dll';             $script:LinkName = 'litellm.lib' }
        'osx'   { $script:AotLib = 'LiteLlmNative.dylib'; $script:LibFile = "liblitellm.$major.dylib"; $script:LinkName = 'liblitellm.dylib' }
        'linux' { $script:AotLib = 'LiteLlmNative.so';    $script:LibFile = "liblitellm.so.$major";   $script:LinkName = 'liblitellm.so' }
    }
    $script:CliFile = if ($IsWindows) { 'litellm.exe' } else { 'litellm' }
}

# ---------------------------------------------------------------------------
# NativeAOT publish. The framework is net10.0 where its NativeAOT pack restores,
# else net9.0 (docs/building.md); one line says which. A plain restore does not ask for
# the NativeAOT runtime pack (only a publish does), so the first publish decides.
# ---------------------------------------------------------------------------
$script:AotTfm = ''
function Invoke-AotPublish([string]$Project, [string]$Out) {
    $log = Join-Path $Logs "publish-$(Split-Path $Project -Leaf).log"
    $tfm = if ($script:AotTfm) { $script:AotTfm } else { 'net10.0' }
    & dotnet publish $Project -c $Configuration -f $tfm -r $script:Rid "-p:LiteLlmAotTfm=$tfm" -o $Out *> $log
    if ($LASTEXITCODE -ne 0) {
        if (-not $script:AotTfm -and
            (Select-String -LiteralPath $log -Pattern 'NU110[0-9].*(NativeAOT|ILCompiler)' -CaseSensitive -Quiet)) {
            $script:AotTfm = 'net9.0'
            Say "NativeAOT: the .NET 10 NativeAOT pack for $($script:Rid) is not on this machine's package source; publishing for net9.0 instead"
            Invoke-AotPublish $Project $Out
            return
        }
        Show-Log $log
        Die "publish of $Project failed (NativeAOT on Windows needs the Visual Studio 'Desktop development with C++' workload)"
    }
    if (-not $script:AotTfm) {
        $script:AotTfm = $tfm
        Say "NativeAOT: $tfm"
    }
    # Any warning (IL trim/AOT analysis or other) fails the build.
    $warnings = @(Select-String -LiteralPath $log -Pattern ': warning [A-Z]+[0-9]+' -CaseSensitive)
    if ($warnings.Count -gt 0) {
        $warnings | ForEach-Object { $_.Line } | Sort-Object -Unique | ForEach-Object { [Console]::Error.WriteLine($_) }
        Die "publish of $Project printed warnings (treated as errors)"
    }
}

# The import library for litellm.dll. NativeAOT's own import library (LiteLlmNative.lib)
# records the DLL name LiteLlmNative.dll, so a program linked against a renamed copy of
# it would look for LiteLlmNative.dll when it starts. Instead litellm.lib is made from
# the exports list the NativeAOT compiler wrote (obj/.../native/LiteLlmNative.def), with
# "LIBRARY litellm" in front: the exact exports, under the DLL's real name.
function New-ImportLibrary {
    $ilcDef = Join-Path $Root "src/LiteLlmNative/obj/$Configuration/$($script:AotTfm)/$($script:Rid)/native/LiteLlmNative.def"
    if (-not (Test-Path -LiteralPath $ilcDef)) { Die "the exports list $ilcDef is missing after the publish" }
    $def = Join-Path $Artifacts 'obj/lib/litellm.def'
    $lib = Join-Path $Artifacts 'obj/lib/litellm.lib'
    [System.IO.File]::WriteAllText($def, "LIBRARY litellm`r`n" + (Get-Content -LiteralPath $ilcDef -Raw))
    $log = Join-Path $Logs 'implib.log'
    & $script:LibTool "/def:$def" "/out:$lib" "/machine:$($script:Machine)" *> $log
    if ($LASTEXITCODE -ne 0) { Show-Log $log; Die 'making litellm.lib failed' }
    Copy-Item -LiteralPath $lib -Destination (Join-Path $Artifacts 'lib/litellm.lib') -Force
}

function Get-LibVersion {
    $props = Get-Content -LiteralPath (Join-Path $Root 'Directory.Build.props') -Raw
    $m = [regex]::Match($props, '<Version>(.*?)</Version>')
    if (-not $m.Success) { Die 'Directory.Build.props has no <Version>' }
    return $m.Groups[1].Value
}

function Format-Size([string]$Path) { '{0:N1}M' -f ((Get-Item -LiteralPath $Path).Length / 1MB) }

function Build-All {
    Assert-Tools
    Resolve-Rid
    New-Item -ItemType Directory -Force -Path $Logs | Out-Null
    Say "build ($Configuration)"
    $log = Join-Path $Logs 'build.log'
    & dotnet build LiteLlmNative.sln -c $Configuration -nologo -v quiet *> $log
    if ($LASTEXITCODE -ne 0) { Show-Log $log; Die 'build failed' }

    Say "publish $($script:LibFile) ($($script:Rid))"
    Invoke-AotPublish 'src/LiteLlmNative' (Join-Path $Artifacts 'obj/lib')
    Say "publish litellm CLI ($($script:AotTfm), $($script:Rid))"
    Invoke-AotPublish 'src/LiteLlmNative.Cli' (Join-Path $Artifacts 'obj/cli')

    foreach ($dir in 'lib/pkgconfig', 'include', 'bin') {
        New-Item -ItemType Directory -Force -Path (Join-Path $Artifacts $dir) | Out-Null
    }
    # NativeAOT names the library after the assembly (LiteLlmNative.*); hosts link litellm.
    # On Linux and macOS the file carries the name its soname / install name gives
    # (LiteLlmNative.csproj sets them), and liblitellm.so / .dylib links to it.
    Copy-Item -LiteralPath (Join-Path $Artifacts "obj/lib/$($script:AotLib)") -Destination (Join-Path $Artifacts "lib/$($script:LibFile)") -Force
    if ($IsWindows) { New-ImportLibrary }
    else {
        & ln -sfn $script:LibFile (Join-Path $Artifacts "lib/$($script:LinkName)")
        if ($LASTEXITCODE -ne 0) { Die "linking lib/$($script:LinkName) to $($script:LibFile) failed" }
    }
    Copy-Item -LiteralPath (Join-Path $Artifacts "obj/cli/$($script:CliFile)") -Destination (Join-Path $Artifacts "bin/$($script:CliFile)") -Force
    Copy-Item -LiteralPath (Join-Path $Root 'src/Interop.Headers/litellm.h') -Destination (Join-Path $Artifacts 'include/litellm.h') -Force
    # No static library here, so no system libraries for Libs.private (build.sh writes them).
    $pc = (Get-Content -LiteralPath (Join-Path $Root 'src/Interop.Headers/litellm.pc.in') -Raw).Replace('@VERSION@', (Get-LibVersion)).Replace('@LIBS_PRIVATE@', '')
    [System.IO.File]::WriteAllText((Join-Path $Artifacts 'lib/pkgconfig/litellm.pc'), $pc)
    Note "$Tree/lib/$($script:LibFile)     $(Format-Size (Join-Path $Artifacts "lib/$($script:LibFile)"))"
    Note "$Tree/bin/$($script:CliFile)     $(Format-Size (Join-Path $Artifacts "bin/$($script:CliFile)"))"
    Note "$Tree/lib/$($script:LinkName), $Tree/include/litellm.h, $Tree/lib/pkgconfig/litellm.pc"
}

# ---------------------------------------------------------------------------
# The loopback stub server (tests/FakeServer), started and stopped by us.
# ---------------------------------------------------------------------------
$script:FakeProcess = $null
function Start-FakeServer {
    $portFile = Join-Path ([System.IO.Path]::GetTempPath()) "litellm-fake-$([guid]::NewGuid().ToString('N')).port"
    $dll = Join-Path $Root "tests/FakeServer/bin/$Configuration/net10.0/FakeServer.dll"
    # Start-Process joins its arguments with spaces, so paths are quoted here. --ignore-stdin:
    # the server would otherwise stop at EOF on the stdin it inherits.
    $script:FakeProcess = Start-Process -FilePath 'dotnet' -NoNewWindow -PassThru `
        -ArgumentList @("`"$dll`"", '--port-file', "`"$portFile`"", '--ignore-stdin') `
        -RedirectStandardOutput (Join-Path $Logs 'fake-server.log') `
        -RedirectStandardError (Join-Path $Logs 'fake-server.err.log')
    $ready = { (Test-Path -LiteralPath $portFile) -and (Get-Item -LiteralPath $portFile).Length -gt 0 }
    for ($i = 0; $i -lt 100; $i++) {
        if (& $ready) { break }
        if ($script:FakeProcess.HasExited) {
            Show-Log (Join-Path $Logs 'fake-server.err.log')
            Die 'the stub server did not start'
        }
        Start-Sleep -Milliseconds 100
    }
    if (-not (& $ready)) { Die 'the stub server did not report its port' }
    $port = (Get-Content -LiteralPath $portFile -Raw).Trim()
    Remove-Item -LiteralPath $portFile -Force
    return "http://127.0.0.1:$port"
}

function Stop-FakeServer {
    if ($null -ne $script:FakeProcess) {
        if (-not $script:FakeProcess.HasExited) {
            # Windows has no SIGTERM to send; the stub keeps nothing worth a graceful stop.
            Stop-Process -Id $script:FakeProcess.Id -Force -ErrorAction SilentlyContinue
            $script:FakeProcess.WaitForExit()
        }
        $script:FakeProcess = $null
    }
}

function Build-C([string]$Out, [string[]]$Sources) {
    $include = Join-Path $Artifacts 'include'
    $libDir = Join-Path $Artifacts 'lib'
    if ($script:CcKind -eq 'cc') {
        & $script:CC -std=c11 -Wall -Wextra -Werror "-I$include" @Sources -o $Out "-L$libDir" -llitellm "-Wl,-rpath,$libDir"
        if ($LASTEXITCODE -ne 0) { Die "compiling $($Sources -join ' ') failed" }
        return
    }
    # _CRT_SECURE_NO_WARNINGS: the MSVC runtime marks getenv deprecated, which -Werror (/WX)
    # would turn into an error.
    if ($script:CcKind -eq 'cl') {
        $obj = [System.IO.Path]::ChangeExtension($Out, '.obj')
        & $script:CC /nologo /W4 /WX /D_CRT_SECURE_NO_WARNINGS "/I$include" @Sources "/Fo$obj" "/Fe$Out" `
            /link "/LIBPATH:$libDir" litellm.lib
    }
    else {
        & $script:CC -std=c11 -Wall -Wextra -Werror -D_CRT_SECURE_NO_WARNINGS "-I$include" @Sources -o $Out `
            "-L$libDir" -llitellm
    }
    if ($LASTEXITCODE -ne 0) { Die "compiling $($Sources -join ' ') failed" }
    # Windows has no rpath: the loader looks next to the .exe (then PATH), so the DLL goes there.
    Copy-Item -LiteralPath (Join-Path $libDir 'litellm.dll') -Destination (Split-Path $Out) -Force
}

function Invoke-Demo {
    Say 'demo: examples/c against a loopback stub server'
    $demoDir = Join-Path $Artifacts 'obj/demo'
    New-Item -ItemType Directory -Force -Path $demoDir | Out-Null
    $exe = Join-Path $demoDir $(if ($IsWindows) { 'example.exe' } else { 'example' })
    Build-C $exe @('examples/c/example.c')
    $url = Start-FakeServer

    # The demo's environment, restored afterwards (this session keeps running). The
    # LITELLM_PROXY_* names are cleared too: they win over LITELLM_BASE_URL / _API_KEY and
    # would send the demo to a real proxy. An empty or missing key means no Authorization.
    $demoEnv = @{
        LITELLM_BASE_URL       = $url
        LITELLM_API_KEY        = ''
        LITELLM_MODEL          = if ($env:LITELLM_MODEL) { $env:LITELLM_MODEL } else { 'echo' }
        LITELLM_PROXY_API_BASE = $null
        LITELLM_PROXY_API_KEY  = $null
    }
    $saved = @{}
    foreach ($name in $demoEnv.Keys) {
        $saved[$name] = [Environment]::GetEnvironmentVariable($name)
        [Environment]::SetEnvironmentVariable($name, $demoEnv[$name])
    }
    try {
        & $exe
        if ($LASTEXITCODE -ne 0) { Die "the demo exited with $LASTEXITCODE" }
    }
    finally {
        foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
    }
    Stop-FakeServer
}

# ---------------------------------------------------------------------------
# Tests: managed (xunit), then native hosts against the published library.
# ---------------------------------------------------------------------------
function Invoke-Tests {
    $passed = 0; $failed = 0; $skipped = 0
    # The pattern engine's tests check it against Node's RegExp (any Node with \p{...}: 10+).
    if (-not (Get-Command node -ErrorAction SilentlyContinue)) {
        Die 'Node.js is required by the tests (the pattern cross-check): install it (https://nodejs.org) and re-run'
    }
    Say 'managed tests (xunit, net10.0)'
    $log = Join-Path $Logs 'xunit.log'
    & dotnet test tests/LiteLlmNative.Tests -c $Configuration --no-build --nologo `
        --logger 'console;verbosity=normal' *> $log
    if ($LASTEXITCODE -eq 0) { $passed++ } else { $failed++ }
    Select-String -LiteralPath $log -CaseSensitive `
            -Pattern '^\s*(Failed |Passed!|Failed!|Total tests|\s+Passed:|\s+Failed:)|error' |
        ForEach-Object { $_.Line } | Where-Object { $_ -cnotmatch '^\s*Passed ' } |
        Select-Object -Last 40 | ForEach-Object { Write-Host $_ }

    # tests/native/run.sh is a bash script (nm, cc, a fake server in the background): it
    # runs here only under a bash on PATH (on Windows, Git Bash's). Note that it looks for
    # liblitellm.so or .dylib in artifacts/lib; it has yet to learn litellm.dll.
    Say "native host tests (C, against $Tree/lib/$($script:LibFile))"
    if (Get-Command bash -ErrorAction SilentlyContinue) {
        # Relative, with forward slashes: what any bash (Git Bash's too) takes as a path.
        & bash tests/native/run.sh $Tree "tests/FakeServer/bin/$Configuration/net10.0/FakeServer.dll" | Out-Host
        if ($LASTEXITCODE -eq 0) { $passed++ } else { $failed++ }
    }
    else {
        Note 'skipped: tests/native/run.sh needs bash (e.g. Git Bash) on PATH'
        $skipped++
    }

    Write-Host ''
    Write-Host "suites: $passed passed, $failed failed, $skipped skipped"
    if ($failed -gt 0) { exit 1 }
}

# ---------------------------------------------------------------------------
# clean: artifacts/, and every bin/ and obj/ under src/ and tests/.
# ---------------------------------------------------------------------------
function Remove-BinObj([string]$Dir) {
    foreach ($child in Get-ChildItem -LiteralPath $Dir -Directory -Force) {
        if ($child.Name -in 'bin', 'obj') { Remove-Item -LiteralPath $child.FullName -Recurse -Force }
        else { Remove-BinObj $child.FullName }
    }
}

function Remove-BuildOutput {
    if (Test-Path -LiteralPath $Artifacts) { Remove-Item -LiteralPath $Artifacts -Recurse -Force }
    foreach ($top in 'src', 'tests') { Remove-BinObj (Join-Path $Root $top) }
}

# The comment block at the top of this file, without its '# ' (as build.sh prints its own).
function Show-Help {
    foreach ($line in (Get-Content -LiteralPath $PSCommandPath | Select-Object -Skip 1)) {
        if (-not $line.StartsWith('#')) { break }
        $line -replace '^# ?', ''
    }
}

# No param() block: '-h' and '--help' arrive in $args as plain strings.
$Command = if ($args.Count -gt 0) { [string]$args[0] } else { '' }
Push-Location -LiteralPath $Root
try {
    switch ($Command) {
        ''      { Build-All; Invoke-Demo; break }
        'test'  { Build-All; Invoke-Tests; break }
        'clean' { Remove-BuildOutput; break }
        { $_ -in '-h', '--help', 'help' } { Show-Help; break }
        default { Die "unknown command '$Command' (try ./build.ps1 --help)" }
    }
}
finally {
    Stop-FakeServer
    Pop-Location
}
exit 0
