# pinloop runs Python on one thread: starting a thread is a clear
# RuntimeError (not the function run in place, which deadlocks code that
# waits for it), while locks and the modules built on them still work.
import _thread
import threading
import logging
import queue

lock = _thread.allocate_lock()
with lock:
    print("lock held", lock.locked())
for start in (lambda: _thread.start_new_thread(print, ("ran",)), lambda: threading.Thread(target=print).start()):
    try:
        start()
    except RuntimeError as e:
        print("RuntimeError:", str(e).split(";")[0])
q = queue.Queue()
q.put(1)
print(q.get(), threading.current_thread().name, type(logging.getLogger()).__name__)
