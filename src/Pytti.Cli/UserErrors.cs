using Pytti.Models.Clip;
using Pytti.Models.Store;
using Pytti.Models.Vqgan;
using Pytti.Pipeline.Media;
using Pytti.Pipeline.Rendering;

namespace Pytti.Cli;

/// <summary>
/// The mistakes a user can cause anywhere below the CLI, as (code, message): one mapping for every
/// command, applied in <see cref="PyttiApp.Run"/>. Commands catch only to add context of their own.
/// </summary>
internal static class UserErrors
{
    public static (string Code, string Message)? Translate(Exception e) => e switch
    {
        UserErrorException u => (u.Code, u.Message),
        RenderException r => (r.Code, r.Message),
        ModelStoreException s => (s.Code, s.Message),
        MediaException m => (PipelineErrorCodes.Media, m.Message),
        ClipLoadException c => (CliErrorCodes.NotAClipModel, c.Message + " Pass a CLIP checkpoint (OpenAI or OpenCLIP layout) or a registered name."),
        TokenizerTextTooLongException t => (CliErrorCodes.PromptTooLong, t.Message),
        VqganLoadException v => (CliErrorCodes.NotAVqganModel, v.Message),
        Pytti.Torch.Serialization.WeightFormatException w => (w.Code, w.Message),
        IOException or UnauthorizedAccessException => (CliErrorCodes.FileSystem, $"{e.Message.TrimEnd('.')}. Check the path, its permissions and the free disk space; nothing already rendered was lost."),
        _ => null,
    };
}
