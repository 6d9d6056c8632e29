try:
    import no_such_driver
except ImportError as exc:
    print("caught:", type(exc).__name__, exc.name)
import no_such_driver
