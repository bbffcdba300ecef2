// ---- kernel0: r1:cb
func.func @kernel0(%begin: i64, %end: i64, %bufs: !llvm.ptr, %geo: !llvm.ptr) {
  %c0 = arith.constant 0 : i64
  %c1 = arith.constant 1 : i64
  %cw16 = arith.constant 16 : i64
  %cw64 = arith.constant 64 : i64
  %v0 = llvm.getelementptr %geo[0] : (!llvm.ptr) -> !llvm.ptr, i64
  %len_all = llvm.load %v0 : !llvm.ptr -> i64
  %v1 = llvm.getelementptr %geo[1] : (!llvm.ptr) -> !llvm.ptr, i64
  %tile = llvm.load %v1 : !llvm.ptr -> i64
  %v2 = llvm.getelementptr %geo[2] : (!llvm.ptr) -> !llvm.ptr, i64
  %tiles = llvm.load %v2 : !llvm.ptr -> i64
  %v3 = llvm.getelementptr %geo[3] : (!llvm.ptr) -> !llvm.ptr, i64
  %size0 = llvm.load %v3 : !llvm.ptr -> i64
  %bp0 = llvm.getelementptr %bufs[0] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr0 = llvm.load %bp0 : !llvm.ptr -> !llvm.ptr
  %v4 = llvm.getelementptr %geo[4] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride0 = llvm.load %v4 : !llvm.ptr -> i64
  %v5 = llvm.getelementptr %geo[5] : (!llvm.ptr) -> !llvm.ptr, i64
  %ostride0_0 = llvm.load %v5 : !llvm.ptr -> i64
  %bp1 = llvm.getelementptr %bufs[1] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr1 = llvm.load %bp1 : !llvm.ptr -> !llvm.ptr
  %v6 = llvm.getelementptr %geo[6] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride1 = llvm.load %v6 : !llvm.ptr -> i64
  %v7 = llvm.getelementptr %geo[7] : (!llvm.ptr) -> !llvm.ptr, i64
  %ostride1_0 = llvm.load %v7 : !llvm.ptr -> i64
  %stiles1 = arith.maxsi %tiles, %c1 : i64
  %st = arith.remsi %begin, %stiles1 : i64
  %sr1 = arith.divsi %begin, %stiles1 : i64
  %ssize1_0 = arith.maxsi %size0, %c1 : i64
  %si0 = arith.remsi %sr1, %ssize1_0 : i64
  %sr0 = arith.divsi %sr1, %ssize1_0 : i64
  %ststart = arith.muli %st, %tile : i64
  %rows_end:2 = scf.for %row = %begin to %end step %c1 iter_args(%t = %st, %i0 = %si0) -> (i64, i64) : i64 {
    %nt1 = arith.addi %t, %c1 : i64
    %ncarry = arith.cmpi eq, %nt1, %tiles : i64
    %nt = arith.select %ncarry, %c0, %nt1 : i64
    %ni0_up = arith.addi %i0, %c1 : i64
    %ni0_c = arith.select %ncarry, %ni0_up, %i0 : i64
    %ni0_wrap = arith.cmpi eq, %ni0_c, %size0 : i64
    %ni0 = arith.select %ni0_wrap, %c0, %ni0_c : i64
    %ntstart = arith.muli %nt, %tile : i64
    %tstart = arith.muli %t, %tile : i64
    %left = arith.subi %len_all, %tstart : i64
    %len = arith.minsi %left, %tile : i64
    %lrem64 = arith.remsi %len, %cw64 : i64
    %vend64 = arith.subi %len, %lrem64 : i64
    %lrem16 = arith.remsi %len, %cw16 : i64
    %vend16 = arith.subi %len, %lrem16 : i64
    %tb0 = arith.muli %tstart, %istride0 : i64
    %ob0_0 = arith.muli %i0, %ostride0_0 : i64
    %base0_0 = arith.addi %tb0, %ob0_0 : i64
    %base0 = arith.addi %base0_0, %c0 : i64
    %tb1 = arith.muli %tstart, %istride1 : i64
    %ob1_0 = arith.muli %i0, %ostride1_0 : i64
    %base1_0 = arith.addi %tb1, %ob1_0 : i64
    %base1 = arith.addi %base1_0, %c0 : i64
    %v8 = arith.constant 0x00000000 : f32
    %v9 = arith.cmpi sgt, %vend64, %c0 : i64
    %v10:1 = scf.if %v9 -> (f32) {
      %v11 = vector.broadcast %v8 : f32 to vector<64xf32>
      %v13:1 = scf.for %v12 = %c0 to %vend64 step %cw64 iter_args(%v12_acc0 = %v11) -> (vector<64xf32>) : i64 {
        %v15 = arith.addi %base0, %v12 : i64
        %v16 = llvm.getelementptr %ptr0[%v15] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        %v17 = llvm.load %v16 {alignment = 4 : i64} : !llvm.ptr -> vector<64xf32>
        %v18 = arith.addf %v12_acc0, %v17 fastmath<contract> : vector<64xf32>
        scf.yield %v18 : vector<64xf32>
      }
      %v19 = vector.reduction <add>, %v13#0 fastmath<reassoc> : vector<64xf32> into f32
      %v20 = arith.addf %v8, %v19 : f32
      scf.yield %v20 : f32
    } else {
      scf.yield %v8 : f32
    }
    %v21 = arith.cmpi sgt, %vend16, %vend64 : i64
    %v22:1 = scf.if %v21 -> (f32) {
      %v23 = vector.broadcast %v8 : f32 to vector<16xf32>
      %v25:1 = scf.for %v24 = %vend64 to %vend16 step %cw16 iter_args(%v24_acc0 = %v23) -> (vector<16xf32>) : i64 {
        %v27 = arith.addi %base0, %v24 : i64
        %v28 = llvm.getelementptr %ptr0[%v27] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        %v29 = llvm.load %v28 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
        %v30 = arith.addf %v24_acc0, %v29 fastmath<contract> : vector<16xf32>
        scf.yield %v30 : vector<16xf32>
      }
      %v31 = vector.reduction <add>, %v25#0 fastmath<reassoc> : vector<16xf32> into f32
      %v32 = arith.addf %v10#0, %v31 : f32
      scf.yield %v32 : f32
    } else {
      scf.yield %v10#0 : f32
    }
    %v33 = arith.cmpi sgt, %len, %vend16 : i64
    %v34:1 = scf.if %v33 -> (f32) {
      %v35 = vector.broadcast %v8 : f32 to vector<16xf32>
      %v37 = arith.subi %len, %vend16 : i64
      %v38 = arith.index_cast %v37 : i64 to index
      %v39 = vector.create_mask %v38 : vector<16xi1>
      %v41 = arith.addi %base0, %vend16 : i64
      %v42 = llvm.getelementptr %ptr0[%v41] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v44 = llvm.mlir.zero : vector<16xf32>
      %v43 = llvm.intr.masked.load %v42, %v39, %v44 {alignment = 4 : i32} : (!llvm.ptr, vector<16xi1>, vector<16xf32>) -> vector<16xf32>
      %v45 = arith.select %v39, %v43, %v35 : vector<16xi1>, vector<16xf32>
      %v46 = arith.addf %v35, %v45 fastmath<contract> : vector<16xf32>
      %v47 = vector.reduction <add>, %v46 fastmath<reassoc> : vector<16xf32> into f32
      %v48 = arith.addf %v22#0, %v47 : f32
      scf.yield %v48 : f32
    } else {
      scf.yield %v22#0 : f32
    }
    %v49 = llvm.getelementptr %ptr1[%base1] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    llvm.store %v34#0, %v49 : f32, !llvm.ptr
    scf.yield %nt, %ni0 : i64, i64
  }
  return
}
