# return, break and continue inside nested finally blocks, and jumps that
# leave a try whose finally jumps itself (RustPython 0.5.0's codegen
# panicked or went to the wrong loop; docs/rustpython.md bug 4). Output as
# CPython's and MicroPython's.
def return_overrides_return():
    for i in range(3):
        try:
            for j in range(3):
                return ("inner", i, j)
        finally:
            return ("finally", i)


def continue_overrides_return():
    log = []
    for i in range(3):
        try:
            for j in range(2):
                log.append((i, j))
                return "lost"
        finally:
            continue
    return log


def nested_finally_return(x):
    for i in range(x):
        try:
            pass
        finally:
            try:
                try:
                    print(x, i)
                finally:
                    try:
                        1 / 0
                    finally:
                        return 42
            finally:
                print("continue")
                continue


def break_out_of_handlers():
    log = []
    for i in range(4):
        try:
            try:
                raise ValueError(i)
            except ValueError:
                if i == 2:
                    break
                log.append(("handled", i))
        finally:
            log.append(("finally", i))
            if i == 3:
                break
    return log


def catch_all_on_the_way():
    for i in range(2):
        try:
            try:
                return i
            except BaseException:
                print("not reached: the jump is not an exception")
        finally:
            if i == 0:
                continue
    return "end"


def generator():
    for i in range(3):
        try:
            for j in range(2):
                yield (i, j)
                return
        finally:
            continue


print(return_overrides_return())
print(continue_overrides_return())
print(nested_finally_return(2))
print(break_out_of_handlers())
print(catch_all_on_the_way())
print(list(generator()))


# A finally body with a comprehension, a lambda or a generator expression,
# left by return, break or continue (the compiler lost the nested scope's
# symbol table when it inlined the body for the jump).
def comprehension_in_finally():
    for i in range(2):
        try:
            if i == 0:
                continue
            break
        finally:
            print([x * i for x in "ab"])
    try:
        return "returned"
    finally:
        print((lambda: "lambda in finally")(), sum(n for n in range(4)))


print(comprehension_in_finally())
