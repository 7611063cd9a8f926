// One way for the bench scripts to start a server in its own process: spawn it, wait for the first
// http://127.0.0.1:<port> it prints, and hand back that URL with a stop (SIGINT) function.
import { spawn } from 'node:child_process';

/** `stderr`: 'inherit' to show the server's messages, 'ignore' when they would only interleave with a table. */
export function startServerProcess(command, args, { name = 'server', stderr = 'inherit' } = {}) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', stderr] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match) resolve({ url: match[1], stop: () => child.kill('SIGINT') });
    });
    child.on('exit', (code) => reject(new Error(`${name} exited early (${code}): ${out}`)));
  });
}
