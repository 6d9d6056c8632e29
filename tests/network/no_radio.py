# pinloop: --board pyboard
# A board without a WiFi radio has no network module, as a Pyboard has none.
try:
    import network
except ImportError as e:
    print("ImportError:", e)
