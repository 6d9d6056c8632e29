# heapq works on lists only (TypeError for anything else), as MicroPython's
# and CPython's C module; the rest is CPython's.
import heapq

heap = []
for value in (5, 1, 4, 2, 3):
    heapq.heappush(heap, value)
print([heapq.heappop(heap) for _ in range(len(heap))])
items = [9, 7, 8]
heapq.heapify(items)
print(items, heapq.heappushpop(items, 1), heapq.heapreplace(items, 10), items)
print(heapq.nlargest(2, [3, 1, 2]), list(heapq.merge([1, 4], [2, 3])))
for call in (lambda: heapq.heappush((), 1), lambda: heapq.heappop(()), lambda: heapq.heapify("ab")):
    try:
        call()
    except TypeError as exc:
        print("TypeError:", exc)
try:
    heapq.heappop([])
except IndexError as exc:
    print("IndexError:", exc)
