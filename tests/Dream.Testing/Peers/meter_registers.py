"""A meter's registers served over Modbus TCP by pymodbus (Debian's python3-pymodbus 3.0), an independent
server whose register values are packed here by Python's struct, not by Dream's codec.

usage: meter_registers.py PORT SPEC
SPEC is JSON: {"UNIT": {"hr": [[address, type, value, order], ...], "ir": [...]}, ...}
  type: uint16 int16 uint32 int32 uint64 int64 float32 float64 (big-endian in each register);
  order (optional): "low-first" puts the least significant register first (Carlo Gavazzi).
Every register from 0 to past the highest one given answers (0 where not given). Writes (FC 6, 16) change them.
"""
import json
import logging
import struct
import sys

from pymodbus.datastore import ModbusSequentialDataBlock, ModbusServerContext, ModbusSlaveContext
from pymodbus.server import StartTcpServer

FORMATS = {"uint16": ">H", "int16": ">h", "uint32": ">I", "int32": ">i", "uint64": ">Q", "int64": ">q",
           "float32": ">f", "float64": ">d"}


def words(kind, value, order):
    packed = struct.pack(FORMATS[kind], value)
    result = [int.from_bytes(packed[i:i + 2], "big") for i in range(0, len(packed), 2)]
    return result[::-1] if order == "low-first" else result


def block(points):
    size = max([address + 4 for address, *_ in points] + [1]) + 8
    registers = [0] * size
    for point in points:
        address, kind, value = point[0], point[1], point[2]
        order = point[3] if len(point) > 3 else "high-first"
        for i, word in enumerate(words(kind, value, order)):
            registers[address + i] = word
    return ModbusSequentialDataBlock(0, registers)


def main():
    logging.basicConfig(level=logging.ERROR)
    port, spec = int(sys.argv[1]), json.loads(sys.argv[2])
    slaves = {
        int(unit): ModbusSlaveContext(
            di=ModbusSequentialDataBlock(0, [0]), co=ModbusSequentialDataBlock(0, [0]),
            hr=block(tables.get("hr", [])), ir=block(tables.get("ir", [])), zero_mode=True)
        for unit, tables in spec.items()
    }
    StartTcpServer(context=ModbusServerContext(slaves=slaves, single=False), address=("127.0.0.1", port))


if __name__ == "__main__":
    main()
