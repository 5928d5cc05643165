# `source tooling/bootstrap/env.sh` puts the project's Node and pnpm on PATH in an interactive shell.
source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"
stowage_toolchain
