"""`make lab`: JupyterLab on nbs/, on a free port of 127.0.0.1 with a random token; prints the address to open once the
server answers (not before: a reader who opens it at once would get "connection refused"). Ctrl-C stops it.

Also used by tools/browser_check.py: `start_lab` starts the server and returns when it answers."""
import os, secrets, signal, socket, subprocess, sys, time, urllib.request
from pathlib import Path

def free_port():
    with socket.socket() as s: s.bind(('127.0.0.1', 0)); return s.getsockname()[1]

def wait_for(what, cond, timeout, every=0.5):
    "Poll `cond()` until it returns something true; fail with `what` after `timeout` seconds."
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        try:
            r = cond()
            if r: return r
        except Exception: pass
        time.sleep(every)
    raise TimeoutError(f'{what}: not seen after {timeout} s')

def start_lab(root, port, token, args=(), quiet=True, timeout=120):
    "Start JupyterLab on `root` at 127.0.0.1:`port`; return (process, url) once its API answers. Its output is kept (`quiet`) or shown."
    lab = subprocess.Popen([str(Path(sys.executable).parent/'jupyter'), 'lab', '--no-browser', '--ServerApp.ip=127.0.0.1',
                            f'--ServerApp.port={port}', '--ServerApp.port_retries=0', f'--IdentityProvider.token={token}',
                            f'--ServerApp.root_dir={root}', *(['--allow-root'] if os.geteuid() == 0 else []), *args],
                           stdout=subprocess.PIPE if quiet else None, stderr=subprocess.STDOUT if quiet else None, text=True)
    url = f'http://127.0.0.1:{port}'
    def up():
        if lab.poll() is not None:
            raise SystemExit(f'JupyterLab exited with status {lab.returncode}' + (f':\n{lab.stdout.read()[-3000:]}' if quiet else ''))
        return urllib.request.urlopen(f'{url}/api/status?token={token}', timeout=2).status == 200
    wait_for('JupyterLab answering', up, timeout)
    return lab, url

if __name__ == '__main__':
    port, token = free_port(), secrets.token_hex(16)
    def stop(*_): raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, stop)                  # `kill` stops JupyterLab too, as Ctrl-C does
    lab, url = start_lab('nbs', port, token, sys.argv[1:], quiet=False)
    print(f'\n  Open {url}/lab?token={token} in your browser (Ctrl-C here stops JupyterLab).\n', flush=True)
    try: sys.exit(lab.wait())
    except KeyboardInterrupt:
        lab.terminate()
        try: lab.wait(20)
        except subprocess.TimeoutExpired: lab.kill()
