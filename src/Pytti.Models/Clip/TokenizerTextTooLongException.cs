using Pytti.Models.Store;

namespace Pytti.Models.Clip;

/// <summary>A prompt whose tokens (with start and end markers) exceed CLIP's context and truncation was not asked for.</summary>
public sealed class TokenizerTextTooLongException(string text, int tokenCount, int contextLength)
    : Exception($"the text \"{Shorten(text)}\" is {tokenCount} CLIP tokens " +
                $"including start and end markers, more than the context length {contextLength}; shorten it " +
                $"(at most {contextLength - 2} tokens) or split it into several prompts.")
{
    public string Code => ModelErrorCodes.PromptTooLong;
    public string Text { get; } = text;
    public int TokenCount { get; } = tokenCount;
    public int ContextLength { get; } = contextLength;

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";
}
