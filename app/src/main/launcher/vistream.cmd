@echo off
rem vistream: runs vistream.jar, from the folder of this script, with the JVM option that the
rem vector local step needs (--add-modules jdk.incubator.vector; a jar cannot add a module).
rem JAVA_HOME chooses the JVM (else java on the PATH); JAVA_OPTS adds JVM options. The JVM
rem prints "WARNING: Using incubator modules: jdk.incubator.vector" when it starts.
setlocal
if defined JAVA_HOME (set "VISTREAM_JAVA=%JAVA_HOME%\bin\java.exe") else (set "VISTREAM_JAVA=java")
"%VISTREAM_JAVA%" %JAVA_OPTS% --add-modules jdk.incubator.vector -jar "%~dp0vistream.jar" %*
exit /b %ERRORLEVEL%
