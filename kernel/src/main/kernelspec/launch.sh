#!/usr/bin/env bash
# Starts the Procbook kernel. Jupyter runs this with the connection file as its only argument.
#   PROCBOOK_JAVA       the java to run (default: $JAVA_HOME/bin/java, else java on PATH)
#   PROCBOOK_HEAP       maximum heap, e.g. 4g (default: the JVM's own, a quarter of RAM)
#   PROCBOOK_JAVA_OPTS  more JVM options, e.g. "-XX:+UseZGC -Dfoo=bar"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
java="${PROCBOOK_JAVA:-}"
if [ -z "$java" ]; then
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then java="$JAVA_HOME/bin/java"; else java=java; fi
fi
# The heap starts small, and memory a cell no longer needs goes back to the system once the kernel is idle: G1 checks
# every 15 s and shrinks the heap to 30 % free at most. The JDK's class-data archive is mapped where it was made
# rather than relocated, which would dirty its pages: mapped in place they are shared with the workers. java.nio is
# opened for Arrow, whose memory module reads a buffer's address: shared frames need it.
# Only the JIT's quick compiler (C1): a cell's own code is compiled at once to fast-enough machine code, and no
# optimizing compilation of javac's large methods takes a core from the cells for minutes after start. Cells that
# compute for seconds run up to 1.6 times slower; pool workers keep both compilers, and
# PROCBOOK_JAVA_OPTS=-XX:TieredStopAtLevel=4 gives them back to the kernel.
opts=(-XX:+IgnoreUnrecognizedVMOptions -XX:+EnableDynamicAgentLoading -Djdk.attach.allowAttachSelf=true
      -XX:TieredStopAtLevel=1
      -Xss4m -Xms16m -XX:+UseG1GC -XX:G1PeriodicGCInterval=15000 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30
      -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0
      --add-opens=java.base/java.nio=ALL-UNNAMED)
# glibc keeps up to 8 malloc arenas a core for a many-threaded process; two are plenty for a kernel
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
# JDK 23 and later warn on stderr, into a cell's output, when Arrow, Agrona or Tablesaw's classgraph first use
# sun.misc.Unsafe's memory methods; the option that allows them is unknown to older JDKs, so the version is read
# from the runtime's release file rather than by starting a JVM.
java_home="$(dirname "$(dirname "$(readlink -f "$(command -v "$java")")")")"
feature="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$java_home/release" 2>/dev/null)"
[ "${feature:-0}" -ge 23 ] 2>/dev/null && opts+=(--sun-misc-unsafe-memory-access=allow)
# From JDK 20 on, each 15 % of the code cache filled with new compiled code (7 MiB of the quick compiler's 48) starts a
# concurrent collection to unload old code; the kernel's first few hundred cells compile that much, and such a
# collection made each cell during it about a millisecond slower. At half the cache, a session's growth (8 to 15 MiB in
# a thousand cells) starts none: the JIT's own use still does when the cache fills.
[ "${feature:-0}" -ge 20 ] 2>/dev/null && opts+=(-XX:SweeperThreshold=50)
# The kernel's own class-data archive, made for a runtime by train_archive.py (./procbook install runs it): the
# classes of its start, JShell's and javac's are mapped from it rather than found in the jar's 33 000 entries, read
# and verified. A dynamic AppCDS archive before JDK 25, an AOT cache from 25 on; one per runtime, named by its home
# and release file. A runtime without one, or whose JVM refuses it (the jar changed), starts as before, silently.
# PROCBOOK_TRAIN_ARCHIVE=1 makes this run write one at exit, under a name train_archive.py puts in place.
case " ${PROCBOOK_JAVA_OPTS:-} " in
  *-Xshare:off*|*SharedArchiveFile*|*ArchiveClassesAtExit*|*AOTCache*|*AOTMode*) ;;   # the user chose
  *)
    key="$({ echo "$java_home"; cat "$java_home/release"; } 2>/dev/null | cksum | cut -d' ' -f1)"
    if [ "${feature:-0}" -ge 25 ] 2>/dev/null; then
      archive="$here/archive-$key.aot" quiet=(-Xlog:cds=off,aot=off) make=-XX:AOTCacheOutput= use=-XX:AOTCache=
    else
      archive="$here/archive-$key.jsa" quiet=(-Xshare:auto -Xlog:cds=off,cds+dynamic=off)
      make=-XX:ArchiveClassesAtExit= use=-XX:SharedArchiveFile=
    fi
    if [ ! -f "$java_home/release" ]; then :   # a runtime of unknown version: no archive
    elif [ -n "${PROCBOOK_TRAIN_ARCHIVE:-}" ]; then opts+=("${quiet[@]}" "$make$archive.training")
    elif [ -f "$archive" ]; then opts+=("${quiet[@]}" "$use$archive"); fi ;;
esac
[ -n "${PROCBOOK_HEAP:-}" ] && opts+=("-Xmx${PROCBOOK_HEAP}")
# shellcheck disable=SC2206 # options are split on spaces on purpose
[ -n "${PROCBOOK_JAVA_OPTS:-}" ] && opts+=(${PROCBOOK_JAVA_OPTS})
exec "$java" "${opts[@]}" -jar "$here/procbook-kernel.jar" "$@"
