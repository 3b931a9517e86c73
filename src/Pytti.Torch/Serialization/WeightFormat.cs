namespace Pytti.Torch.Serialization;

/// <summary>The container formats <see cref="WeightFile"/> reads, detected from a file's content.</summary>
public enum WeightFormat
{
    /// <summary>Hugging Face safetensors: 8-byte header length, JSON header, raw little-endian data.</summary>
    SafeTensors,

    /// <summary><c>torch.save</c> since PyTorch 1.6: a zip holding <c>data.pkl</c> and one entry per storage.</summary>
    TorchZip,

    /// <summary><c>torch.save</c> before PyTorch 1.6: a sequence of pickles followed by raw storages.</summary>
    TorchLegacy,

    /// <summary>A TorchScript archive (<c>torch.jit.save</c>), as OpenAI ships CLIP.</summary>
    TorchScript,

    /// <summary>A torch zip whose top-level dict holds a <c>state_dict</c> entry beside others (PyTorch Lightning).</summary>
    LightningCheckpoint,
}
