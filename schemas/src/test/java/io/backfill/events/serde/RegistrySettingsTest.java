package io.backfill.events.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RegistrySettingsTest {

    @Test
    void apicurioIsTheDefaultApiAndItsConfluentCompatibleUrlIsTheCcompatEndpoint() {
        RegistrySettings settings = new RegistrySettings("http://registry:8080/apis/registry/v3", false);

        assertThat(settings.api()).isEqualTo(RegistryApi.APICURIO);
        assertThat(settings.confluentCompatibleUrl()).isEqualTo("http://registry:8080/apis/ccompat/v7");
    }

    @Test
    void inConfluentModeTheUrlIsTheConfluentApiItself() {
        RegistrySettings settings = new RegistrySettings("http://schema-registry:8081/", true, RegistryApi.CONFLUENT);

        assertThat(settings.url()).isEqualTo("http://schema-registry:8081");
        assertThat(settings.confluentCompatibleUrl()).isEqualTo("http://schema-registry:8081");
    }

    @Test
    void parsesTheApiInAnyCaseAndRefusesOthersNamingTheChoices() {
        assertThat(RegistryApi.parse(" Confluent ")).isEqualTo(RegistryApi.CONFLUENT);
        assertThat(RegistryApi.parse("apicurio")).isEqualTo(RegistryApi.APICURIO);
        assertThatThrownBy(() -> RegistryApi.parse("karapace"))
                .hasMessageContaining("unknown registry api 'karapace'")
                .hasMessageContaining("confluent or apicurio");
    }
}
