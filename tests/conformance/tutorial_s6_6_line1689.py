import as_drivers.htu21d.htu_test
