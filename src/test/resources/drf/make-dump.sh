#!/usr/bin/env bash
# Writes dump.json and dump-natural-foreign.json here with a real Django + DRF, as they were made once
# (Debian 12: apt-get install python3-django python3-djangorestframework python3-bcrypt; Django 3.2.25,
# DRF 3.14.0). Keys, salts and times differ on every run: the tests that use the checked-in files
# name their keys, so regenerate only together with CommandLineTasksTest and DjangoPasswordEncoderTest.
set -euo pipefail
out="$(cd "$(dirname "$0")" && pwd)"
project="$(mktemp -d)"
trap 'rm -rf "$project"' EXIT
cd "$project"
mkdir -p clients/migrations
touch clients/__init__.py clients/migrations/__init__.py
cat > settings.py <<EOF
SECRET_KEY = "throwaway"
USE_TZ = True
TIME_ZONE = "UTC"
INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "rest_framework",
                  "rest_framework.authtoken", "clients"]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "$project/db.sqlite3"}}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher",
                    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher"]
EOF
cat > clients/models.py <<'EOF'
from django.db import models

class Client(models.Model):
    first_name = models.CharField(max_length=30)
    last_name = models.CharField(max_length=30)
    email = models.EmailField(unique=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
EOF
export DJANGO_SETTINGS_MODULE=settings PYTHONPATH="$project"
manage() { /usr/bin/python3 -m django "$@"; }
manage makemigrations clients -v0
manage migrate -v0
manage shell <<'EOF'
from django.contrib.auth.models import User
from django.contrib.auth.hashers import make_password
from rest_framework.authtoken.models import Token
from clients.models import Client

alice = User.objects.create_user("alice", "alice@example.org", "alice-django-pw", is_staff=True)
bob = User.objects.create_user("Bob", "bob@example.org")
bob.password = make_password("bob-django-pw", hasher="bcrypt_sha256")
bob.save()
User.objects.create_user("carol")  # no password: unusable, as Django makes it
for user in (alice, bob):
    Token.objects.create(user=user)
Client.objects.create(first_name="Ada", last_name="Lovelace", email="ada@example.org")
Client.objects.create(first_name="Alan", last_name="Turing", email="Alan.Turing@Example.org")
Client.objects.create(first_name="Gone", last_name="Away", email="gone@example.org").delete()
Client.objects.create(first_name="Grace", last_name="Hopper", email="grace@example.org")
EOF
manage dumpdata auth.user authtoken.token clients.client --format json --indent 2 > "$out/dump.json"
manage dumpdata auth.user authtoken.token clients.client --natural-foreign --format json --indent 2 \
  > "$out/dump-natural-foreign.json"
