from pinloop.devices import I2CDevice


class Bad(I2CDevice)
    pass
