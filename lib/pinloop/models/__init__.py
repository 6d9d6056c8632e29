# The device models pinloop ships, one module per chip, each naming its
# class MODEL. Written from the chips' datasheets.
