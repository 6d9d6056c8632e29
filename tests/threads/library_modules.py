# CPython's modules built on threads run on pinloop's: queue.Queue between
# threads, threading.Event, Lock and Thread.join, logging from a thread.
import logging
import queue
import sys
import threading

jobs = queue.Queue()
answers = queue.Queue()


def serve():
    while True:
        job = jobs.get()
        if job is None:
            break
        answers.put(job * job)


server = threading.Thread(target=serve)
server.start()
for n in range(5):
    jobs.put(n)
jobs.put(None)
server.join()
print("squares:", [answers.get() for _ in range(5)])

ready = threading.Event()
logging.basicConfig(stream=sys.stdout, format="%(threadName)s %(levelname)s %(message)s", level=logging.INFO)


def report():
    logging.info("from the thread")
    ready.set()


threading.Thread(target=report, name="reporter").start()
print("event set:", ready.wait(5))
print(threading.current_thread().name, threading.active_count() >= 1)
