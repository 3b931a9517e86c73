using System.Text;
using Microsoft.Build.Utilities;

namespace Pytti.Build;

/// <summary>
/// An error or warning from pytti, held until its message is complete: pytti's fix-it text (where to download a
/// model, where to place it, its digest) follows the first line, and the build error must carry all of it.
/// </summary>
internal sealed class PendingDiagnostic(bool isWarning, string code, string file, int line, int column, string message)
{
    private readonly StringBuilder _message = new(message);

    /// <summary>A line printed after the first: part of the same message (blank lines kept inside, trailing ones dropped).</summary>
    public void Continue(string text) => _message.Append('\n').Append(text);

    public void Log(TaskLoggingHelper log)
    {
        var text = _message.ToString().TrimEnd('\n', ' ');
        if (isWarning)
            log.LogWarning(null, code, null, file, line, column, 0, 0, "{0}", text);
        else
            log.LogError(null, code, null, file, line, column, 0, 0, "{0}", text);
    }
}
