//! The domain's enums as string columns: each is stored as its text form (the same as in
//! JSON), so the tables keep their `varchar` columns and old rows read as they are.

use sea_orm::sea_query::{ArrayType, ColumnType, Nullable, StringLen, Value, ValueType, ValueTypeErr};
use sea_orm::{ColIdx, DbErr, QueryResult, TryGetError, TryGetable};

use crate::domain::{
    AuthorKind, CannedScope, CsatScale, DeliveryKind, DeliveryStatus, EventType, ExitReason, MessageKind, Presence,
    Role, Status, TargetKind,
};

macro_rules! stored_as_text {
    ($($name:ident),+ $(,)?) => {$(
        impl From<$name> for Value {
            fn from(value: $name) -> Self {
                Value::from(value.as_str())
            }
        }

        impl Nullable for $name {
            fn null() -> Value {
                <String as Nullable>::null()
            }
        }

        impl ValueType for $name {
            fn try_from(value: Value) -> Result<Self, ValueTypeErr> {
                let text = <String as ValueType>::try_from(value)?;
                $name::parse(&text).ok_or(ValueTypeErr)
            }

            fn type_name() -> String {
                stringify!($name).to_owned()
            }

            fn array_type() -> ArrayType {
                ArrayType::String
            }

            fn column_type() -> ColumnType {
                ColumnType::String(StringLen::None)
            }
        }

        impl TryGetable for $name {
            fn try_get_by<I: ColIdx>(row: &QueryResult, index: I) -> Result<Self, TryGetError> {
                let text = <String as TryGetable>::try_get_by(row, index)?;
                $name::parse(&text).ok_or_else(|| {
                    TryGetError::DbErr(DbErr::Type(format!("{text:?} is not a {}", stringify!($name))))
                })
            }
        }
    )+};
}

stored_as_text!(
    AuthorKind,
    CannedScope,
    CsatScale,
    DeliveryKind,
    DeliveryStatus,
    EventType,
    ExitReason,
    MessageKind,
    Presence,
    Role,
    Status,
    TargetKind,
);
