#!/usr/bin/env python3
"""SIGTERM under ingest load: acknowledged minus checkpointed observations, and shutdown time.

Starts `java -jar app/target/vistream.jar serve` on an empty followed file with a checkpoint,
lets 8 clients POST 2,000-line bodies as fast as they are answered, sends SIGTERM after a few
seconds, and compares the sum of `accepted` in the replies with the final checkpoint's count.

    python3 docs/benchmarks/sigterm_under_load.py [runs]     (from the repository root, after ./mvnw package)
"""
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time

BODY = "".join(f"{(-3 if i % 2 == 0 else 3) + (i % 7) / 7}\n" for i in range(2000)).encode()


def client(port, stop, totals, index):
    accepted = 0
    while not stop.is_set():
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            c.request("POST", "/api/observations", BODY, {"Content-Type": "application/x-ndjson"})
            reply = c.getresponse().read()
            c.close()
        except OSError:
            break  # the server is gone: nothing more was acknowledged
        if reply.startswith(b"{"):
            accepted += json.loads(reply).get("accepted", 0)
    totals[index] = accepted


def run(seconds):
    with tempfile.TemporaryDirectory() as d:
        feed = os.path.join(d, "empty.txt")
        open(feed, "w").close()
        checkpoint = os.path.join(d, "ck.json")
        serve = subprocess.Popen(["java", "-jar", "app/target/vistream.jar", "serve", "--input", feed, "--follow",
                                  "--port", "0", "--checkpoint", checkpoint, "--checkpoint-interval", "10"],
                                 stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
        port = None
        for line in serve.stderr:
            m = re.search(r"listening on http://127\.0\.0\.1:(\d+)/", line)
            if m:
                port = int(m.group(1))
                break
        stop = threading.Event()
        totals = [0] * 8
        threads = [threading.Thread(target=client, args=(port, stop, totals, i)) for i in range(8)]
        for t in threads:
            t.start()
        time.sleep(seconds)
        signalled = time.monotonic()
        serve.send_signal(signal.SIGTERM)
        status = serve.wait()
        shutdown = time.monotonic() - signalled
        stop.set()
        for t in threads:
            t.join()
        with open(checkpoint) as f:
            saved = json.load(f)["snapshot"]["observations"]
        return sum(totals), saved, status, shutdown


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    print("run  acknowledged  checkpointed  lost  exit  shutdown_s")
    for r in range(runs):
        acknowledged, saved, status, shutdown = run(2 + r % 4)
        print(f"{r + 1:3d}  {acknowledged:12d}  {saved:12d}  {acknowledged - saved:4d}  {status:4d}  {shutdown:10.2f}")


if __name__ == "__main__":
    main()
