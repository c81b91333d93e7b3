# Starts one of the examples' JVMs. Sourced (never run) by examples/<name>/bin/<name>, which sets
#   app_name  the module name, e.g. kv-plugin
#   app_main  the main class
#   app_home  the module directory (absolute)
#   app_profile  optional: the profile used when RPCPLUGIN_JVM_PROFILE is not set (else startup)
# and passes its own arguments on. POSIX sh; ends in exec, so the process a host starts is the JVM.
#
# Environment (the RPCPLUGIN_* variables are removed before the JVM starts, so they do not reach a
# plugin the JVM starts; JAVA_HOME is left as it is):
#   JAVA_HOME               the JDK or JRE to use; else java on PATH
#   RPCPLUGIN_JVM_PROFILE   startup (the default unless the script chose another): C1 only, serial
#                           GC, the AppCDS archive if it matches and Netty's epoll library from
#                           target/native (java.library.path, so give your own with
#                           RPCPLUGIN_JAVA_OPTS if the app loads other native libraries);
#                           throughput: the same with C2 as well, for processes whose calls are hot
#                           for long; plain: the JVM's defaults
#   RPCPLUGIN_CDS           off: do not use the AppCDS archive
#   RPCPLUGIN_CDS_DUMP      1: write the archive when this JVM exits (a training run)
#   RPCPLUGIN_JAVA_OPTS     more JVM options, appended (later -XX options win)

app_target=$app_home/target
if [ ! -r "$app_target/classpath" ]; then
    echo "$app_name: $app_target/classpath is missing: build the example first" \
        "(mvn install -pl examples/$app_name -am)" >&2
    exit 1
fi

# target/classpath lists the jars relative to target/; the archive is only valid for the same
# absolute class path, so it is always built the same way, here.
app_relative_cp=
IFS= read -r app_relative_cp < "$app_target/classpath" || true
app_cp=
set -f
app_saved_ifs=$IFS
IFS=:
for app_entry in $app_relative_cp; do
    app_cp=${app_cp:+$app_cp:}$app_target/$app_entry
done
IFS=$app_saved_ifs
set +f

if [ -n "${JAVA_HOME:-}" ]; then
    app_java=$JAVA_HOME/bin/java
else
    app_java=$(command -v java) || app_java=
fi
if [ -z "$app_java" ] || [ ! -x "$app_java" ]; then
    echo "$app_name: no java found: set JAVA_HOME or put java on PATH (JAVA_HOME=${JAVA_HOME:-unset})" >&2
    exit 1
fi
# the same JDK reached through a link (/usr/bin/java) must match the archive's stamp too
if [ -L "$app_java" ] && app_resolved=$(readlink -f "$app_java" 2>/dev/null) && [ -n "$app_resolved" ]; then
    app_java=$app_resolved
fi

# JVM warnings go to stderr: stdout is for go-plugin's handshake line alone.
app_flags="-Xlog:disable -Xlog:all=warning:stderr"
app_archive_flag=
app_library_flag=
app_chosen_profile=${RPCPLUGIN_JVM_PROFILE:-${app_profile:-startup}}
app_profile_source=RPCPLUGIN_JVM_PROFILE
[ -n "${RPCPLUGIN_JVM_PROFILE:-}" ] || app_profile_source="app_profile in $0"
case $app_chosen_profile in
startup|throughput)
    app_flags="$app_flags -XX:+UseSerialGC -Xshare:auto"
    # C1 alone reaches the handshake line sooner; C2 makes long-running call paths about twice as fast
    if [ "$app_chosen_profile" = startup ]; then
        app_flags="$app_flags -XX:TieredStopAtLevel=1"
    fi
    # Netty looks for its epoll library on java.library.path before copying it out of its jar
    if [ -d "$app_target/native" ]; then
        app_library_flag=-Djava.library.path=$app_target/native
    fi
    app_archive=$app_target/cds/$app_name.jsa
    # the stamp names the java and class path the archive was made for
    app_stamp="$app_java $app_cp"
    if [ "${RPCPLUGIN_CDS_DUMP:-}" = 1 ]; then
        mkdir -p "$app_target/cds" && rm -f "$app_archive" &&
            printf '%s\n' "$app_stamp" > "$app_archive.stamp" || exit 1
        app_archive_flag=-XX:ArchiveClassesAtExit=$app_archive
    elif [ "${RPCPLUGIN_CDS:-on}" != off ] && [ -f "$app_archive" ] && [ -f "$app_archive.stamp" ]; then
        app_made_for=
        IFS= read -r app_made_for < "$app_archive.stamp" || true
        if [ "$app_made_for" = "$app_stamp" ]; then
            app_archive_flag=-XX:SharedArchiveFile=$app_archive
            # a jar rebuilt since the training run makes the JVM refuse the archive with a warning
            set -f
            IFS=:
            for app_entry in $app_cp; do
                if [ "$app_entry" -nt "$app_archive" ]; then
                    app_archive_flag=
                    break
                fi
            done
            IFS=$app_saved_ifs
            set +f
        fi
    fi
    ;;
plain)
    ;;
*)
    echo "$app_name: $app_profile_source must be startup, throughput or plain, got \"$app_chosen_profile\"" >&2
    exit 1
    ;;
esac

app_opts=${RPCPLUGIN_JAVA_OPTS:-}
unset RPCPLUGIN_JVM_PROFILE RPCPLUGIN_CDS RPCPLUGIN_CDS_DUMP RPCPLUGIN_JAVA_OPTS
# $app_flags and $app_opts are split into words on purpose
# shellcheck disable=SC2086
exec "$app_java" $app_flags ${app_library_flag:+"$app_library_flag"} ${app_archive_flag:+"$app_archive_flag"} $app_opts \
    -cp "$app_cp" "$app_main" "$@"
