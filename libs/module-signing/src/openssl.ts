import { execFile } from 'node:child_process';

/**
 * Runs the openssl command-line tool (no shell) in `cwd`. Node's crypto verifies certificates but
 * cannot make them, so the development CA borrows OpenSSL's `req` and `ca` commands.
 */
export function runOpenssl(openssl: string, args: readonly string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(openssl, args, { cwd, timeout: 60_000 }, (error, _stdout, stderr) => {
      if (!error) return resolve();
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return reject(
          new Error(
            `openssl was not found (ran '${openssl}'): making development certificates needs the OpenSSL command-line tool on the PATH (Debian/Ubuntu: apt-get install openssl)`,
          ),
        );
      }
      reject(
        new Error(`openssl ${args[0] ?? ''} failed: ${String(stderr).trim() || error.message}`),
      );
    });
  });
}
