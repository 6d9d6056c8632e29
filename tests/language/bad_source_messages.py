# Malformed number literals say what MicroPython says ("invalid syntax for
# number"), not the parser's Rust error value; a NUL byte in source says so.
# The same through exec, eval and compile.
for source in ("0b2", "0x", "0o8", "0b", "09", "0x1g"):
    for run in (exec, eval, lambda s: compile(s, "<n>", "exec")):
        try:
            run(source)
            print(source, "compiled")
        except SyntaxError as exc:
            print(source, "SyntaxError:", exc.msg)
for source in ("x = 1\0", "print(1)\n\0\n"):
    try:
        exec(source)
    except SyntaxError as exc:
        print(repr(source), "SyntaxError:", exc.msg, "line", exc.lineno)
print(eval("0b101"), eval("0x_ff"), eval("0o17"))
