namespace Pytti.Torch.Serialization;

// Diagnostic codes of weight-file reading and writing (PYTTI100-PYTTI119):
//   PYTTI100  the weight file does not exist or cannot be opened
//   PYTTI101  the file is not in a supported weight format
//   PYTTI102  the file is corrupt or truncated
//   PYTTI103  the file holds content this reader does not support (quantized or sparse tensors, odd dtypes, pickle features)
//   PYTTI104  the file holds no tensors where a state dict was expected (wrong state-dict key, unknown layout)
//   PYTTI105  writing a weight file failed (bad input tensors, I/O)
//   PYTTI106-PYTTI119  reserved

/// <summary>The <c>PYTTInnn</c> codes that <see cref="WeightFormatException"/> carries.</summary>
public static class WeightErrorCodes
{
    public const string FileNotFound = "PYTTI100";
    public const string UnsupportedFormat = "PYTTI101";
    public const string Corrupt = "PYTTI102";
    public const string UnsupportedContent = "PYTTI103";
    public const string NoStateDict = "PYTTI104";
    public const string WriteFailed = "PYTTI105";
}
