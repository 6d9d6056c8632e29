# A jump moved out of a try whose finally jumps (docs/rustpython.md bug 4)
# through a with statement: __exit__ sees a plain exit (None), whether the
# manager suppresses exceptions or not, as in CPython; sync and async.
class Manager:
    def __enter__(self):
        print("enter")
    def __exit__(self, kind, value, traceback):
        print("exit sees", kind.__name__ if kind else None)


def with_inside():
    try:
        with Manager():
            return "from with"
    finally:
        print("finally")
        return "from finally"


def no_jump_in_finally():
    try:
        with Manager():
            return "from with"
    finally:
        print("finally")


class Suppressing(Manager):
    def __exit__(self, kind, value, traceback):
        super().__exit__(kind, value, traceback)
        return True


def suppressing_manager_keeps_the_return():
    for i in range(2):
        try:
            with Suppressing(), Manager():
                return ("returned", i)
        finally:
            print("finally", [n for n in range(i + 1)])


class AsyncManager:
    async def __aenter__(self):
        print("aenter")
    async def __aexit__(self, kind, value, traceback):
        print("aexit sees", kind.__name__ if kind else None)
        return True


async def async_with_inside():
    for i in range(3):
        try:
            async with AsyncManager():
                if i == 0:
                    continue
                if i == 1:
                    raise ValueError("suppressed")
                return "from async with"
        finally:
            print("async finally", i, (lambda: i * 2)())


def drive(coro):
    try:
        coro.send(None)
    except StopIteration as stop:
        return stop.value


print(with_inside())
print(no_jump_in_finally())
print(suppressing_manager_keeps_the_return())
print(drive(async_with_inside()))
