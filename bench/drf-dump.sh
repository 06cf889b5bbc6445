#!/usr/bin/env bash
# Writes a Django dumpdata file (auth.user, authtoken.token, clients.client) of CLIENTS clients
# (default 900000, about 200 MB) to FILE, as `manage.py dumpdata --format json` lays it out.
# Usage: bench/drf-dump.sh FILE [CLIENTS]
set -euo pipefail
FILE=${1:?usage: bench/drf-dump.sh FILE [CLIENTS]}
CLIENTS=${2:-900000}
awk -v clients="$CLIENTS" 'BEGIN {
  printf "["
  for (u = 1; u <= 10; u++) {
    printf "{\"model\": \"auth.user\", \"pk\": %d, \"fields\": {\"password\": \"!unusable\", \"last_login\": null, \"is_superuser\": false, \"username\": \"user%d\", \"first_name\": \"\", \"last_name\": \"\", \"email\": \"\", \"is_staff\": false, \"is_active\": true, \"date_joined\": \"2021-03-04T05:06:07.123Z\", \"groups\": [], \"user_permissions\": []}}, ", u, u
    printf "{\"model\": \"authtoken.token\", \"pk\": \"%040x\", \"fields\": {\"user\": %d, \"created\": \"2021-03-04T05:06:07.123Z\"}}, ", u * 7919, u
  }
  for (i = 1; i <= clients; i++) {
    printf "{\"model\": \"clients.client\", \"pk\": %d, \"fields\": {\"first_name\": \"First%d\", \"last_name\": \"Lastname%d\", \"email\": \"client%d@imported.example.com\", \"created\": \"2021-03-04T05:06:07.123Z\", \"updated\": \"2022-03-04T05:06:07.456Z\"}}%s", i, i, i, i, (i < clients ? ", " : "")
  }
  printf "]\n"
}' > "$FILE"
