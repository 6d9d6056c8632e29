"""Drives pinloop's REPL through a pseudo-terminal, typing as a person
does (a character at a time), and prints what the terminal showed with
the cursor-control sequences removed. Used by tests/repl.rs.

usage: python3 repl_driver.py PINLOOP HISTORY_FILE"""

import os
import pty
import re
import select
import sys
import time

pinloop, history = sys.argv[1], sys.argv[2]
pid, fd = pty.fork()
if pid == 0:
    os.environ["TERM"] = "xterm"
    os.environ["PINLOOP_HISTORY"] = history
    os.execv(pinloop, [pinloop])

transcript = []


def drain(seconds):
    end = time.time() + seconds
    out = b""
    while time.time() < end:
        ready, _, _ = select.select([fd], [], [], 0.02)
        if ready:
            try:
                out += os.read(fd, 65536)
            except OSError:
                break
    text = out.decode(errors="replace")
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text)
    transcript.append(text.replace("\r", ""))


def type_(text, settle=0.3):
    for byte in text.encode():
        os.write(fd, bytes([byte]))
        time.sleep(0.01)
    drain(settle)


drain(1.0)
type_("6 * 7\r")
type_("_ + 1\r")
type_("for i in range(2):\r")
type_("print(i)\r")  # the block's indentation is already there
type_("\r")
type_("import asyncio\r")
type_("asyncio.sleep_\t", 0.5)
type_("(0)\r")
type_("await asyncio.sleep_ms(10); 'awaited'\r")
type_("done = []\r")
type_("async def later(): await asyncio.sleep_ms(200); done.append('ran')\r")
type_("t = asyncio.create_task(later())\r", 0.6)
type_("done\r")
type_("async def nap(): await asyncio.sleep(10)\r")
type_("asyncio.run(nap())\r", 0.5)
type_("\x03", 0.8)
type_("print('still here')\r")
# Several lines arriving at once (a terminal's paste, tmux paste-buffer):
# every one runs.
os.write(fd, b"burst = [1]\rburst.append(2)\rburst.append(3)\rprint('burst', burst)\r")
drain(0.8)
# A bracketed paste of a block: its lines keep their own indentation.
os.write(fd, b"\x1b[200~def bracketed():\r    return 'from a bracketed paste'\r\rprint(bracketed())\r\x1b[201~")
drain(0.8)
type_("\x05", 0.3)
type_("def pasted():\r    return 'from paste mode'\r")
type_("\x04", 0.4)
type_("pasted()\r")
type_("\x04", 0.6)
_, status = os.waitpid(pid, 0)
print("".join(transcript))
print("[exit status %d]" % os.waitstatus_to_exitcode(status))
