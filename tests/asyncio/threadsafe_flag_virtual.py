# pinloop: --clock virtual
# threadsafe_flag.py on the virtual clock: while another thread may set a
# ThreadSafeFlag the clock follows real time, so the thread's set arrives
# when it should and the output is the same.
import threadsafe_flag
