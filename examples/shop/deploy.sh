#!/usr/bin/env bash
# Nightly jobs next to the shop stack.
set -euo pipefail

BACKUP_BUCKET=s3://shop-backups

# Database backup: runs as root with the host's filesystem mounted.
docker run -d --name backup \
  --cap-add SYS_ADMIN \
  --security-opt apparmor=unconfined \
  -v /:/host \
  -e AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE \
  -e AWS_SECRET_ACCESS_KEY="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" \
  -e BUCKET="$BACKUP_BUCKET" \
  --restart=always \
  alpine:3.20 sh -c 'tar czf - /host/var/lib/postgresql | aws s3 cp - "$BUCKET/db.tgz"'

# Log shipper, done right: compare its findings with the backup job's.
docker run -d --name logship \
  --read-only --tmpfs /tmp:rw,noexec,nosuid,size=16m \
  --cap-drop ALL --security-opt no-new-privileges \
  --user 10001:10001 \
  --memory 128m --cpus 0.25 --pids-limit 64 \
  -v /var/log/shop:/logs:ro \
  fluent/fluent-bit:3.1@sha256:b33b2f4c5e0a3c3f5b4c35c6a3a0f3fb0cc5ab6fd0e6d1b6e6c1a0c0a0f1e2d3
