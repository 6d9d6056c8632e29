print("importing")
import failing_module
