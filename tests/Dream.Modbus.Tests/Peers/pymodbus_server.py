"""An independent Modbus server (Debian's python3-pymodbus 3.0.x) for the client tests.

usage: pymodbus_server.py tcp PORT | rtu DEVICE
Units 1 and 2; holding register i holds unit*1000+i, input register i holds unit*2000+i,
discrete input i is i%2, coils start at 0; 100 of each, from address 0.
"""
import logging
import sys

from pymodbus.datastore import ModbusSequentialDataBlock, ModbusServerContext, ModbusSlaveContext
from pymodbus.device import ModbusDeviceIdentification
from pymodbus.server import StartSerialServer, StartTcpServer
from pymodbus.transaction import ModbusRtuFramer


def unit(n):
    return ModbusSlaveContext(
        di=ModbusSequentialDataBlock(0, [i % 2 for i in range(100)]),
        co=ModbusSequentialDataBlock(0, [0] * 100),
        hr=ModbusSequentialDataBlock(0, [n * 1000 + i for i in range(100)]),
        ir=ModbusSequentialDataBlock(0, [n * 2000 + i for i in range(100)]),
        zero_mode=True,
    )


def main():
    logging.basicConfig(level=logging.ERROR)
    context = ModbusServerContext(slaves={1: unit(1), 2: unit(2)}, single=False)
    identity = ModbusDeviceIdentification(
        info_name={"VendorName": "Dream Test", "ProductCode": "PM-1", "MajorMinorRevision": "3.0"}
    )
    mode, where = sys.argv[1], sys.argv[2]
    if mode == "tcp":
        StartTcpServer(context=context, identity=identity, address=("127.0.0.1", int(where)))
    else:
        StartSerialServer(
            context=context, identity=identity, framer=ModbusRtuFramer, port=where,
            baudrate=9600, bytesize=8, parity="N", stopbits=1, timeout=0.05,
        )


if __name__ == "__main__":
    main()
