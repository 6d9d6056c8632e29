event.set()
event.clear()
