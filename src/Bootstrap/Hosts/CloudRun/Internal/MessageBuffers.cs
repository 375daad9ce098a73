using System.Buffers;
using Grpc.Core;

namespace Toolkit.Bootstrap.Hosts.CloudRun.Internal;

/// <summary>A received message for a generated (contextual) deserializer.</summary>
internal sealed class ReceivedMessage(byte[] payload) : DeserializationContext
{
    public override int PayloadLength => payload.Length;

    public override byte[] PayloadAsNewBuffer() => (byte[])payload.Clone();

    public override ReadOnlySequence<byte> PayloadAsReadOnlySequence() => new(payload);
}

/// <summary>A message being sent, written by a generated (contextual) serializer into one growing buffer.</summary>
internal sealed class OutgoingMessage : SerializationContext
{
    private readonly ArrayBufferWriter<byte> writer = new();
    private byte[]? completed;

    /// <summary>The serialized bytes, once the serializer has completed them.</summary>
    public ReadOnlyMemory<byte> Payload => completed ?? writer.WrittenMemory;

    public override void Complete(byte[] payload) => completed = payload;

    public override IBufferWriter<byte> GetBufferWriter() => writer;

    public override void SetPayloadLength(int payloadLength)
    {
        // The buffer grows as the serializer writes; knowing the length in advance changes nothing here.
    }

    public override void Complete()
    {
        // Everything is already in the buffer writer.
    }
}
