try:
    assert False, "asserts run"
except AssertionError as exc:
    print("AssertionError:", exc)
