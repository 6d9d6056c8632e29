# Settings of the firmware, kept apart from the code as on a real project.
BUTTON = "SW"  # the Pyboard's USR switch (pulled up, low when pressed)
LED = "LED_GREEN"
SENSOR = "X19"  # an analogue input
BLINK_MS = 500
REPORT_MS = 1000
DEBOUNCE_MS = 20
UART_ID = 4  # TX X1, RX X2: wired together by the board file (a loopback)
