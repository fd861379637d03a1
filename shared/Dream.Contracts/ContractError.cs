namespace Dream.Contracts;

/// <summary>Why a message or document was refused. Each kind of bad input has its own code.</summary>
public enum ContractError
{
    /// <summary>Not a Dream envelope at all (not JSON, not an object, no "dream" member).</summary>
    NotEnvelope,

    /// <summary>An envelope version or document type this build does not know.</summary>
    UnknownVersion,

    /// <summary>Bad base64, bad UTF-8, or JSON that does not parse.</summary>
    BadEncoding,

    /// <summary>A required field is absent.</summary>
    MissingField,

    /// <summary>A field that the format does not define, or the same field twice.</summary>
    ExtraField,

    /// <summary>A field of the wrong JSON type, or a number that is not an integer in range.</summary>
    WrongType,

    /// <summary>A field whose value breaks the format's rules (negative energy, misaligned interval, bad DID).</summary>
    InvalidValue,

    /// <summary>The message or a part of it exceeds its size limit.</summary>
    Oversize,

    /// <summary>A signature does not verify over the payload bytes.</summary>
    BadSignature,

    /// <summary>The signatures are valid but not by the parties the document names.</summary>
    SignerMismatch,
}
