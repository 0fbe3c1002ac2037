namespace Synth.Storage;

/// <summary>
/// What <see cref="BlockUploadStream.FinishAsync"/> found: the total length, how many blocks were
/// staged (numbered 0 to <see cref="BlockCount"/> - 1), or, when none was, the whole object.
/// </summary>
internal sealed record BlockUploadResult(long Length, int BlockCount, byte[]? SingleBlock);
