#!/bin/sh
# Runs once, when the postgres container initialises an empty data volume: gives the gateway
# (resource-demo) its own role and database beside auth-server's. psql reads the password
# from GATEWAY_DB_PASSWORD (deploy/.env) itself, so it shows on no command line.
set -eu

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<'SQL'
\getenv gateway_password GATEWAY_DB_PASSWORD
CREATE ROLE gateway LOGIN PASSWORD :'gateway_password';
CREATE DATABASE gateway OWNER gateway;
SQL
