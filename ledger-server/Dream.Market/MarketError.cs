namespace Dream.Market;

/// <summary>Why a market transaction was refused. Each rule has its own code so a client can say which one it broke.</summary>
public enum MarketError
{
    // Encoding and signatures.

    /// <summary>Not a Dream envelope, or an envelope that does not parse.</summary>
    NotEnvelope,

    /// <summary>Bad base64, UTF-8 or JSON.</summary>
    BadEncoding,

    /// <summary>A payload type (or version) the market does not know, or one it only replays from old logs.</summary>
    UnknownType,

    /// <summary>A required field is absent.</summary>
    MissingField,

    /// <summary>An undefined or repeated field.</summary>
    ExtraField,

    /// <summary>A field of the wrong JSON type, or a number that is not a plain 64-bit integer.</summary>
    WrongType,

    /// <summary>A field whose value breaks the format (negative amount, bad did:key, bad hash).</summary>
    InvalidValue,

    /// <summary>The payload is valid but not in its one canonical spelling (field order, whitespace).</summary>
    NotCanonical,

    /// <summary>The message or a part of it exceeds its size limit.</summary>
    Oversize,

    /// <summary>A signature does not verify over the payload bytes.</summary>
    BadSignature,

    /// <summary>Valid signatures, but not exactly the parties this transaction needs.</summary>
    SignerMismatch,

    /// <summary>The same payload was already applied.</summary>
    DuplicateTransaction,

    /// <summary>The transaction's time is too far from the ledger's clock (checked on admission only).</summary>
    StaleTimestamp,

    /// <summary>A settlement arrived after the validity window its first signer set (checked on admission only).</summary>
    SettlementExpired,

    // Participants and roles.

    /// <summary>The party is not a registered participant.</summary>
    NotRegistered,

    /// <summary>The party's role may not start this flow.</summary>
    RoleNotAllowed,

    // Money.

    /// <summary>Not enough available funds.</summary>
    InsufficientFunds,

    /// <summary>A currency other than the market's.</summary>
    CurrencyMismatch,

    /// <summary>An external payment reference already used.</summary>
    DuplicateReference,

    /// <summary>An amount would leave the 64-bit range.</summary>
    AmountOverflow,

    /// <summary>A currency code Dream has no ISO 4217 exponent for, so it could not show its amounts.</summary>
    UnknownCurrency,

    // Tariffs and contracts.

    /// <summary>No tariff has been published yet.</summary>
    NoTariff,

    /// <summary>A tariff version out of sequence, or a transaction naming an outdated tariff.</summary>
    TariffVersion,

    /// <summary>A contract template version out of sequence, unknown, or with an unknown placeholder.</summary>
    TemplateInvalid,

    /// <summary>The contract hash is not the hash of the contract rendered from the template and the parameters.</summary>
    ContractMismatch,

    // Promises.

    /// <summary>The promised energy is outside the tariff's bounds.</summary>
    AmountOutOfBounds,

    /// <summary>The delivery window is not in the future, empty, or not aligned.</summary>
    InvalidWindow,

    /// <summary>The window overlaps, without being equal to, another open promise on the same metering point.</summary>
    WindowOverlap,

    /// <summary>The metering point is unknown, inactive, does not measure export, or is not the supplier's.</summary>
    MeteringPointNotUsable,

    /// <summary>The deposit stated is not the amount times the penalty rate.</summary>
    DepositMismatch,

    /// <summary>No such promise.</summary>
    UnknownPromise,

    /// <summary>The signer does not own (or did not supply) the promise.</summary>
    NotOwner,

    /// <summary>The promise is already checked, split, merged or substituted.</summary>
    PromiseClosed,

    /// <summary>The delivery window has started: the promise can no longer be traded or changed.</summary>
    PromiseExpired,

    /// <summary>The promise is in an auction that has not been settled or closed.</summary>
    PromiseInAuction,

    /// <summary>Split parts do not sum to the promise, merged promises differ, or a substitution does not cover.</summary>
    FungibilityMismatch,

    /// <summary>A substitution signed at or after the start of the promise's delivery window, its deadline.</summary>
    SubstitutionDeadlinePassed,

    // Auctions.

    /// <summary>No such auction.</summary>
    UnknownAuction,

    /// <summary>The deadline is not after the transaction and before delivery starts.</summary>
    InvalidDeadline,

    /// <summary>The auction is not open (ended or settled).</summary>
    AuctionClosed,

    /// <summary>The auction's deadline has not been reached, so it cannot end yet.</summary>
    DeadlineNotReached,

    /// <summary>The auction's deadline has passed: no more bids.</summary>
    DeadlinePassed,

    /// <summary>Bids must be strictly above the base price, then strictly above the best bid.</summary>
    BidTooLow,

    /// <summary>The auction has not ended, so it cannot be settled.</summary>
    AuctionNotEnded,

    /// <summary>The auction ended without bids.</summary>
    NoWinner,

    /// <summary>The auction was already settled.</summary>
    AlreadySettled,

    /// <summary>The buyer, seller or price named is not the auction's winner, owner or best bid.</summary>
    SettlementMismatch,

    // Delivery.

    /// <summary>The window plus the grace period has not passed.</summary>
    DeliveryNotDue,

    /// <summary>The measured export or completeness stated is not what the verified readings say, or the power company is wrong.</summary>
    MeteringMismatch,
}
