# pinloop: --clock virtual --epoch 2024-06-30T12:00:00
# --epoch sets when time.time() starts.
import time

print(time.gmtime()[:6])
