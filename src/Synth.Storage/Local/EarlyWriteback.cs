using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Synth.Storage.Local;

/// <summary>
/// Asks the kernel to start writing a file's dirty pages to disk while the file is still being
/// written (Linux <c>sync_file_range(SYNC_FILE_RANGE_WRITE)</c>, which does not wait). Without it
/// a large upload sits in the page cache until the commit's fsync writes all of it at once, so
/// the disk idles while rows are generated and the CPU idles while the disk writes; with it the
/// two overlap and the fsync finds little left to do. Elsewhere it does nothing.
/// </summary>
internal sealed partial class EarlyWriteback(SafeFileHandle file)
{
    /// <summary>Writeback is started once this many new bytes are in the file.</summary>
    private const long Chunk = 8 << 20;

    private const uint SyncFileRangeWrite = 2;

    private static bool _unavailable = !OperatingSystem.IsLinux();

    private long _startedUpTo;

    /// <summary>Called after each write with the bytes the file holds so far.</summary>
    public void Written(long length)
    {
        if (_unavailable || length - _startedUpTo < Chunk) return;
        try
        {
            if (sync_file_range((int)file.DangerousGetHandle(), _startedUpTo, length - _startedUpTo, SyncFileRangeWrite) != 0)
            {
                // e.g. a file system that does not support it: the commit's fsync does all the work, as before.
                _unavailable = true;
                return;
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            _unavailable = true;
            return;
        }
        _startedUpTo = length;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int sync_file_range(int fd, long offset, long nbytes, uint flags);
}
