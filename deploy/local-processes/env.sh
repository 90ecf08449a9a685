# Sourced by up.sh and service.sh. load_env FILE... exports KEY=VALUE lines (taken literally, no quotes or
# expansion; # starts a comment line). A variable already set wins: the caller's environment over every
# file, and an earlier file over a later one, so list the most specific file first.
load_env() {
  local file line key
  for file in "$@"; do
    [ -f "$file" ] || continue
    while IFS= read -r line || [ -n "$line" ]; do
      case "$line" in '' | \#*) continue ;; esac
      key="${line%%=*}"
      if [ -z "${!key+x}" ]; then
        export "$key=${line#*=}"
      fi
    done < "$file"
  done
}
