using Dream.Modbus.Framing;

namespace Dream.Modbus.Server;

/// <summary>Serves one byte stream (a serial port, a pseudo-terminal or one TCP connection) in RTU or TCP framing.</summary>
public static class ModbusStreamServer
{
    public static Task ServeAsync(Stream stream, ModbusFraming framing, IModbusDataModel model, CancellationToken cancellationToken) =>
        framing == ModbusFraming.Tcp
            ? ServeTcpAsync(stream, model, cancellationToken)
            : ServeRtuAsync(stream, model, cancellationToken);

    private static async Task ServeTcpAsync(Stream stream, IModbusDataModel model, CancellationToken cancellationToken)
    {
        var received = new ReceiveBuffer();
        while (!cancellationToken.IsCancellationRequested)
        {
            await received.FillAsync(stream, 7, cancellationToken);
            var length = BinaryPrimitives.ReadUInt16BigEndian(received.Span[4..]);
            if (BinaryPrimitives.ReadUInt16BigEndian(received.Span[2..]) != 0 || length < 2 || length > 254)
            {
                // Not MBAP: a real server drops such a connection.
                return;
            }

            await received.FillAsync(stream, 6 + length, cancellationToken);
            var frame = received.Span[..(6 + length)].ToArray();
            received.Consume(frame.Length);
            var unitId = frame[6];
            if (!model.HasUnit(unitId))
            {
                // A gateway without this unit answers "target failed to respond".
                await WriteTcpAsync(stream, frame, ModbusServerProtocol.Exception(frame[7], ExceptionCode.GatewayTargetFailedToRespond), cancellationToken);
                continue;
            }

            var response = ModbusServerProtocol.Handle(unitId, frame.AsSpan(7), model);
            await WriteTcpAsync(stream, frame, response, cancellationToken);
        }
    }

    private static async Task WriteTcpAsync(Stream stream, byte[] request, byte[] responsePdu, CancellationToken cancellationToken)
    {
        var answer = new byte[7 + responsePdu.Length];
        request.AsSpan(0, 4).CopyTo(answer);
        BinaryPrimitives.WriteUInt16BigEndian(answer.AsSpan(4), (ushort)(responsePdu.Length + 1));
        answer[6] = request[6];
        responsePdu.CopyTo(answer, 7);
        await stream.WriteAsync(answer, cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    private static async Task ServeRtuAsync(Stream stream, IModbusDataModel model, CancellationToken cancellationToken)
    {
        var received = new ReceiveBuffer();
        while (!cancellationToken.IsCancellationRequested)
        {
            await received.FillAsync(stream, 2, cancellationToken);
            int? pduLength;
            try
            {
                pduLength = PduLength.OfRequest(received.Span[1..]);
            }
            catch (ModbusProtocolException)
            {
                // Unknown function: the frame's end cannot be known; drop what we have and resynchronize.
                received.Clear();
                continue;
            }

            if (pduLength is not int length)
            {
                await received.ReadSomeAsync(stream, cancellationToken);
                continue;
            }

            await received.FillAsync(stream, length + 3, cancellationToken);
            var frame = received.Span[..(length + 3)].ToArray();
            if (!Crc16.IsValid(frame))
            {
                // A real slave stays silent on a CRC error.
                received.Clear();
                continue;
            }

            received.Consume(frame.Length);
            var unitId = frame[0];
            if (unitId == 0 || !model.HasUnit(unitId))
            {
                continue;
            }

            var response = ModbusServerProtocol.Handle(unitId, frame.AsSpan(1, length), model);
            var answer = new byte[response.Length + 3];
            answer[0] = unitId;
            response.CopyTo(answer, 1);
            Crc16.Append(answer, response.Length + 1);
            await stream.WriteAsync(answer, cancellationToken);
            await stream.FlushAsync(cancellationToken);
        }
    }
}
