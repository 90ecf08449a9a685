package io.backfill.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class RolesTest {

    @Test
    void submitterAndOperatorCanViewButNeitherImpliesTheOther() {
        assertThat(Roles.withImplied(Set.of(Roles.SUBMITTER))).containsExactlyInAnyOrder("submitter", "viewer");
        assertThat(Roles.withImplied(Set.of(Roles.OPERATOR))).containsExactlyInAnyOrder("operator", "viewer");
    }

    @Test
    void viewerAloneAndUnknownRolesGainNothing() {
        assertThat(Roles.withImplied(Set.of(Roles.VIEWER))).containsExactly("viewer");
        assertThat(Roles.withImplied(Set.of("admin"))).containsExactly("admin");
        assertThat(Roles.withImplied(Set.of())).isEmpty();
    }
}
